"""pressgen: press releases from one validated spec to HTML, PDF and DOCX."""

__version__ = "0.1.0"
