"""Python ports of the content filters that commune CMSes run on pasted HTML, for tests/test_snippets.py.

wordpress.wp_kses_post: WordPress's post filter for editors without unfiltered_html.
drupal.basic_html: Drupal's "Basic HTML" text format as the standard install profile ships it.
Each module names the upstream files it follows.
"""
