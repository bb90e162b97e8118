"""Reading: a PDF or page images → ``Item``s (table rows and text lines), each page by the engine that reads it faithfully."""
