"""Word (.docx, laid out per GB/T 9704-2012) and plain-text downloads.

files     which downloads a page offers (links and export read the same list)
blocks    a built page's document read as blocks of runs
skeleton  the constant parts of every .docx, built once with python-docx
body      a document's body written as XML, with the places the browser fills
layout    the 公文 arrangement of the blocks (主送, 附件说明, 落款, forms)
tables    table geometry: column widths, cells, one-page forms (推荐表)
package   the .docx zip: skeleton + body
text      the plain-text download
export    the post-build step that writes every page's files
"""
