"""Activities: dated or recurring things to do in Zeist, a second kennisbank content type."""
