"""The DOCX writer: the page's blocks in the Word styles of a reference document, and the raw WordprocessingML it needs."""
