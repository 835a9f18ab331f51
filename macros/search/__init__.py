"""The site's own search: tokens (how text and queries are cut, with pinyin
sound keys), pages (a built page's article as search units) and index (the
sharded index written into site/assets/search/). The browser half is
docs/assets/javascripts/search-index.js and search.js."""
