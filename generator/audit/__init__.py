"""The visibility audit (issue 6): who displays the brand, mentions the inscription, links to the official site.

sites (what to audit) → fetch (polite HTTP) → crawl (a few pages per site) → detect (pure, per page)
→ run (threads, resume) → results (the only writer) ; report renders the site page ; cli prints.
"""
