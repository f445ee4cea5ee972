//! Factur-X PDF metadata: the embedded file's name, `AFRelationship`, and the XMP `fx` properties with
//! their PDF/A extension schema, as the Factur-X 1.0 specification shows them.

use crate::profile::Profile;

/// The Factur-X XMP namespace URI (with its trailing `#`, as the specification requires).
pub const FACTURX_XMP_NAMESPACE: &str = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";

/// What the PDF step needs to embed the XML of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FacturXMetadata {
    /// File name of the embedded XML: `factur-x.xml`, or `xrechnung.xml` for XRechnung.
    pub document_file_name: &'static str,
    /// `fx:DocumentType`: always `INVOICE`.
    pub document_type: &'static str,
    /// `fx:ConformanceLevel`: `MINIMUM`, `BASIC WL`, `BASIC`, `EN 16931`, `EXTENDED` or `XRECHNUNG`.
    pub conformance_level: &'static str,
    /// `fx:Version`: `1.0`.
    pub version: &'static str,
    /// The file specification's `AFRelationship`: `Data` for MINIMUM and BASIC WL (not full invoices),
    /// `Alternative` for the others.
    pub af_relationship: &'static str,
}

/// The Factur-X metadata for `profile`.
pub fn facturx_xmp_fields(profile: Profile) -> FacturXMetadata {
    let (conformance_level, af_relationship) = match profile {
        Profile::Minimum => ("MINIMUM", "Data"),
        Profile::BasicWl => ("BASIC WL", "Data"),
        Profile::Basic => ("BASIC", "Alternative"),
        Profile::En16931 => ("EN 16931", "Alternative"),
        Profile::Extended => ("EXTENDED", "Alternative"),
        Profile::Xrechnung => ("XRECHNUNG", "Alternative"),
    };
    let document_file_name = if profile == Profile::Xrechnung { "xrechnung.xml" } else { "factur-x.xml" };
    FacturXMetadata { document_file_name, document_type: "INVOICE", conformance_level, version: "1.0", af_relationship }
}

/// The two `rdf:Description` elements to insert into the PDF's XMP packet inside `rdf:RDF`: the PDF/A
/// extension schema describing the `fx` properties, then the `fx` properties themselves. Every value is
/// a fixed string of this crate, so nothing needs escaping.
pub fn facturx_xmp_fragment(profile: Profile) -> String {
    let meta = facturx_xmp_fields(profile);
    let property = |name: &str, description: &str| {
        format!(
            "            <rdf:li rdf:parseType=\"Resource\">\n\
             \x20             <pdfaProperty:name>{name}</pdfaProperty:name>\n\
             \x20             <pdfaProperty:valueType>Text</pdfaProperty:valueType>\n\
             \x20             <pdfaProperty:category>external</pdfaProperty:category>\n\
             \x20             <pdfaProperty:description>{description}</pdfaProperty:description>\n\
             \x20           </rdf:li>\n"
        )
    };
    let properties = [
        property("DocumentFileName", "name of the embedded XML invoice file"),
        property("DocumentType", "INVOICE"),
        property("Version", "The actual version of the Factur-X XML schema"),
        property("ConformanceLevel", "The conformance level of the embedded Factur-X data"),
    ]
    .concat();
    format!(
        "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
         xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n\
         \x20 <pdfaExtension:schemas>\n\
         \x20   <rdf:Bag>\n\
         \x20     <rdf:li rdf:parseType=\"Resource\">\n\
         \x20       <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>\n\
         \x20       <pdfaSchema:namespaceURI>{FACTURX_XMP_NAMESPACE}</pdfaSchema:namespaceURI>\n\
         \x20       <pdfaSchema:prefix>fx</pdfaSchema:prefix>\n\
         \x20       <pdfaSchema:property>\n\
         \x20         <rdf:Seq>\n\
         {properties}\
         \x20         </rdf:Seq>\n\
         \x20       </pdfaSchema:property>\n\
         \x20     </rdf:li>\n\
         \x20   </rdf:Bag>\n\
         \x20 </pdfaExtension:schemas>\n\
         </rdf:Description>\n\
         <rdf:Description rdf:about=\"\" xmlns:fx=\"{FACTURX_XMP_NAMESPACE}\">\n\
         \x20 <fx:DocumentType>{}</fx:DocumentType>\n\
         \x20 <fx:DocumentFileName>{}</fx:DocumentFileName>\n\
         \x20 <fx:Version>{}</fx:Version>\n\
         \x20 <fx:ConformanceLevel>{}</fx:ConformanceLevel>\n\
         </rdf:Description>\n",
        meta.document_type, meta.document_file_name, meta.version, meta.conformance_level
    )
}
