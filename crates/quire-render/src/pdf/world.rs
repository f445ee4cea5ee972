//! The in-memory Typst `World` of one render: a fixed set of virtual paths, the render's fonts, no IO.

use std::sync::{Arc, LazyLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::fonts::SHARED;
use super::project_fonts::FontSet;

/// Typst numbers files with a global 16-bit counter, so every render reuses these ids.
static MAIN_ID: LazyLock<FileId> = LazyLock::new(|| virtual_file("/main.typ"));

/// Virtual path of the `index`-th image of a document (`/img/0`, `/img/1`, …). The image limit bounds
/// how many distinct ids can ever be created.
pub(crate) fn image_path(index: usize) -> String {
    format!("/img/{index}")
}

fn virtual_file(path: &str) -> FileId {
    // Only constants and `/img/<n>` come here; neither depends on user input.
    let vpath = VirtualPath::new(path).expect("fixed virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The world of one compile: generated markup plus the document's images.
pub(crate) struct RenderWorld {
    main: Source,
    images: Vec<(FileId, Bytes)>,
    fonts: Arc<FontSet>,
}

impl RenderWorld {
    /// A world whose main file is `markup`, whose `/img/<i>` files are `images` (the document's images, then its
    /// attached files), with `fonts`.
    pub(crate) fn new(markup: String, images: Vec<Vec<u8>>, fonts: Arc<FontSet>) -> Self {
        let images = images
            .into_iter()
            .enumerate()
            .map(|(index, bytes)| (virtual_file(&image_path(index)), Bytes::new(bytes)))
            .collect();
        Self { main: Source::new(*MAIN_ID, markup), images, fonts }
    }
}

impl World for RenderWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::NotSource) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.images
            .iter()
            .find(|(image_id, _)| *image_id == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
