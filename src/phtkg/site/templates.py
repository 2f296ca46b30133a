"""The HTML of the site as string templates, in one place.

Every ``$name`` is filled with markup that the caller has already escaped (see
:mod:`phtkg.site.markup`); the templates themselves hold no data. The layout is shared by
every page: header with navigation and the search box, the page content, a footer, and
the two scripts for search. Nothing is loaded from another host.
"""

from __future__ import annotations

from string import Template

#: Scripts, styles and images come only from the site itself (``file:`` when opened from
#: disk, ``'self'`` when served); nothing may connect anywhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self' file:; style-src 'self' file:; "
    "img-src 'self' file: data:; base-uri 'none'; form-action 'none'"
)

LAYOUT = Template("""\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="$csp">
<title>$title · PHT knowledge graph</title>
<link rel="stylesheet" href="${root}assets/site.css">
</head>
<body class="$body_class" data-root="$root">
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
<div class="bar">
<a class="brand" href="${root}index.html"><span class="brand-mark" aria-hidden="true">PHT</span> knowledge graph</a>
<nav class="site-nav" aria-label="Site">
$nav
</nav>
<div class="search" role="search">
<label class="visually-hidden" for="search-box">Search terms and synonyms</label>
<input id="search-box" class="search-box" type="search" placeholder="Search terms and synonyms…" autocomplete="off" spellcheck="false" aria-controls="search-results" aria-expanded="false">
<ol id="search-results" class="search-results" hidden></ol>
</div>
</div>
</header>
<main id="main">
$content
</main>
<footer class="site-footer">
<p>$footer</p>
</footer>
<script src="${root}assets/search-index.js"></script>
<script src="${root}assets/search.js"></script>
</body>
</html>
""")

NAV_LINK = Template('<a href="$href"$current>$text</a>')

PAGE_HEAD = Template("""\
<header class="page-head">
$before<h1>$title</h1>
$after</header>""")

SECTION = Template("""\
<section class="block$extra_class" id="$id">
<h2>$title</h2>
$body
</section>""")

CATEGORY_BLOCK = Template("""\
<section class="category" id="$id">
<h2>$chip $title <span class="count">$count</span></h2>
<p class="category-description">$description</p>
<$list_tag class="term-list">
$items
</$list_tag>
</section>""")

TERM_ITEM = Template('<li><a href="$href">$label</a>$extra</li>')

DEFINITION = Template("""\
<div class="definition">
<p>$definition</p>
<p class="evidence">$evidence</p>
</div>""")

FACTS = Template("""\
<dl class="facts">
$rows
</dl>""")

FACT_ROW = Template("<dt>$name</dt>\n<dd>$value</dd>")

RELATION_GROUP = Template("""\
<div class="relation-group">
<h4>$heading</h4>
<ul class="relations">
$items
</ul>
</div>""")

RELATION_ITEM = Template("""\
<li class="relation$extra_class"><span class="relation-target">$target</span>$badges$evidence$note</li>""")

DIAGRAM = Template("""\
<figure class="diagram">
$svg
<figcaption>$caption</figcaption>
</figure>""")

TABLE = Template("""\
<div class="table-wrap">
<table class="$table_class">
<thead><tr>$head</tr></thead>
<tbody>
$rows
</tbody>
</table>
</div>""")

REFERENCES = Template("""\
<section class="block references" id="references">
<h2>Sources on this page</h2>
$documents
</section>""")

REFERENCE_DOCUMENT = Template("""\
<div class="reference-document">
<p class="reference-title"><span class="stem">$stem</span> <a href="$href">$title</a></p>
<ul class="reference-list">
$items
</ul>
</div>""")

REFERENCE_ITEM = Template(
    '<li id="$id"><span class="num">$number</span> <a href="$href">$heading</a></li>'
)

DISAGREEMENT = Template("""\
<article class="disagreement" id="$id">
<h2><a href="$href">$title</a></h2>
<p>$description</p>
$resolution
$claims
<p class="evidence">$evidence</p>
</article>""")

DOCUMENT_CARD = Template("""\
<article class="document" id="$id">
<h2><span class="stem">$stem</span> <a href="$href">$title</a></h2>
<p class="byline">$byline</p>
<p>$description</p>
<ol class="sections">
$sections
</ol>
</article>""")

SECTION_BLOCK = Template("""\
<section class="block source-section" id="$id">
<h2>$heading</h2>
<p class="count">$count</p>
<ul class="cited-facts">
$items
</ul>
</section>""")
