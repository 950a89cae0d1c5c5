"""kehoach: turn a commune plan kept as YAML into ND 30/2020 documents, issue and archive them."""
