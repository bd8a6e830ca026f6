"""The visibility audit (issue 6): who displays the brand, mentions the inscription, links to the official site.

sites (what to audit) → fetch (polite HTTP) → crawl (a few pages per site) → detect (pure, per page)
→ run (threads, resume) → results (the only writer) ; cli prints.

A command of its own: it may import the build's stages (the sites file is read by
generator/content/licensees.py, the results' vocabulary and reader are generator/content/audit_results.py,
the site page is generator/site/audit_page.py), and nothing on the build path imports it.
"""
