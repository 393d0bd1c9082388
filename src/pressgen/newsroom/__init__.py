"""The static newsroom of `pressgen site`: release pages, organization pages with their history, feeds, a sitemap."""
