<?php
// WordPress's own wp_kses_post (Debian's wordpress package), what a post keeps when its author lacks unfiltered_html:
// kses.php and the few files it needs, without a database. Reads a JSON list of HTML texts, writes the filtered list.
define('ABSPATH', getenv('WORDPRESS_ROOT') ?: '/usr/share/wordpress/');
define('WPINC', 'wp-includes');
require ABSPATH . WPINC . '/load.php';
require ABSPATH . WPINC . '/plugin.php';
require ABSPATH . WPINC . '/functions.php';
require ABSPATH . WPINC . '/formatting.php';
require ABSPATH . WPINC . '/kses.php';
echo json_encode(array_map('wp_kses_post', json_decode(stream_get_contents(STDIN), true)), JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
