"""The PDF writer: WeasyPrint in warm worker processes, its resource fetcher and compact CJK font embedding."""
