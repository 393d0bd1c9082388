"""`pressgen serve`: a local preview of the releases that follows their files as they are saved."""
