"""A real WordPress for the browser tests: Debian's package (6.1) and its default theme, on MariaDB, served by PHP.

Set up once per session in a temporary folder, nothing outside it touched: a MariaDB data folder and server on a
Unix socket (no network), a copy of /usr/share/wordpress with a wp-config.php of its own (Debian's reads
/etc/wordpress), WordPress installed with an Administrator and an Author, and PHP's built-in server on 127.0.0.1.
Posts are saved as a person in that role saves them (wp_insert_post as that user, so WordPress's own kses
filters apply to the Author and not to the Administrator), then read in Chromium like any page.

The one setting that is not WordPress's default is a test-only plugin letting WordPress fetch from 127.0.0.1
on the toolbox's port (it refuses local addresses and other ports, rightly, on a real server), and two quiet
ones (no cron, no e-mail).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from browser import free_port

DEBIAN = Path("/usr/share/wordpress")
THEME = "twentytwentythree"  # the default theme of WordPress 6.1 (Debian's wordpress-theme-twentytwentythree)
MARIADB_SERVER = Path("/usr/sbin/mariadbd")
PACKAGES = "wordpress wordpress-theme-twentytwentythree mariadb-server"

CONFIG = """<?php
// Written by the tests (tests/wordpress.py): a throwaway WordPress on a private MariaDB socket.
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:{socket}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', '{url}');
define('WP_SITEURL', '{url}');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', false);
define('BM_TEST_ALLOWED_PORT', {allowed_port});
$table_prefix = 'wp_';
foreach (['AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE'] as $k) {{
    define($k . '_KEY', 'tests-' . $k);
    define($k . '_SALT', 'tests-' . $k);
}}
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
"""

# Test-only: a real server refuses to fetch from its own machine; here the toolbox is on 127.0.0.1, another port.
PLUGIN = """<?php
add_filter('http_request_host_is_external', function ($external, $host) { return $external || $host === '127.0.0.1'; }, 10, 2);
add_filter('http_allowed_safe_ports', function ($ports) { $ports[] = BM_TEST_ALLOWED_PORT; return $ports; });
"""

INSTALL = """<?php
define('WP_INSTALLING', true);
require getenv('BM_WP') . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
function wp_new_blog_notification() {}  // pluggable: no e-mail from a test
wp_install('Ville d’essai', 'administrateur', 'administrateur@example.org', false, '', 'mot-de-passe-admin');
switch_theme('""" + THEME + """');
$author = wp_insert_user(['user_login' => 'auteur', 'user_pass' => 'mot-de-passe-auteur',
    'user_email' => 'auteur@example.org', 'role' => 'author', 'display_name' => 'Auteur']);
if (is_wp_error($author)) { fwrite(STDERR, $author->get_error_message()); exit(1); }
"""

# Saves posts as their user would: the user is set first, so that kses follows their capabilities (kses_init
# runs on set_current_user), and the data is slashed as WordPress's REST controller slashes it.
PUBLISH = """<?php
require getenv('BM_WP') . '/wp-load.php';
$out = [];
foreach (json_decode(stream_get_contents(STDIN), true) as $post) {
    $user = get_user_by('login', $post['login']);
    wp_set_current_user($user->ID);
    $id = wp_insert_post(wp_slash(['post_title' => $post['title'], 'post_content' => $post['content'],
        'post_status' => 'publish', 'post_author' => $user->ID]), true);
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); }
    $out[] = ['url' => get_permalink($id), 'saved' => get_post_field('post_content', $id, 'raw'),
              'unfiltered_html' => current_user_can('unfiltered_html')];
}
echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
"""


def missing_wordpress() -> str | None:
    """Why a real WordPress cannot run here, or None."""
    needs = {DEBIAN / "wp-settings.php": "wordpress", DEBIAN / "wp-content" / "themes" / THEME: "wordpress-theme-twentytwentythree",
             MARIADB_SERVER: "mariadb-server"}
    for path, package in needs.items():
        if not path.exists():
            return f"paquet Debian {package} absent (apt-get install -y --no-install-recommends {PACKAGES})"
    if shutil.which("mariadb-install-db") is None or shutil.which("php") is None:
        return f"mariadb-install-db ou php absent (apt-get install -y --no-install-recommends {PACKAGES})"
    return None


@dataclass(frozen=True)
class Post:
    url: str
    saved: str
    """post_content as WordPress stored it, after its filters for the user who saved it."""
    unfiltered_html: bool


@dataclass(frozen=True)
class WordPress:
    root: Path
    url: str

    def publish(self, login: str, posts: list[tuple[str, str]]) -> list[Post]:
        """Save and publish (title, content) posts as the user `login` (« auteur » or « administrateur »)."""
        payload = [{"login": login, "title": t, "content": c} for t, c in posts]
        done = _php(self.root, PUBLISH, json.dumps(payload, ensure_ascii=False))
        return [Post(**p) for p in json.loads(done)]


def _php(root: Path, code: str, stdin: str = "") -> str:
    script = root.parent / "script.php"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run(["php", str(script)], input=stdin, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "BM_WP": str(root)})
    if done.returncode != 0:
        raise RuntimeError(f"php : {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout


def _wait(what: str, ready: Any, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} n’a pas démarré :\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.1)


@contextmanager
def running(tmp: Path, allowed_port: int) -> Iterator[WordPress]:
    """A fresh WordPress in `tmp`, allowed to fetch from 127.0.0.1:allowed_port; stopped on exit."""
    user = ["--user=root"] if os.getuid() == 0 else []  # MariaDB refuses to run as root unless told to
    data, socket, log = tmp / "mariadb", tmp / "mariadb.sock", tmp / "mariadb.log"
    subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--auth-root-authentication-method=normal",
                    "--skip-test-db", *user], check=True, capture_output=True, timeout=120)
    with log.open("wb") as out:
        mariadb = subprocess.Popen([str(MARIADB_SERVER), "--no-defaults", f"--datadir={data}", f"--socket={socket}",
                                    "--skip-networking", f"--pid-file={tmp / 'mariadb.pid'}", *user], stdout=out, stderr=out)
    server = None
    try:
        _wait("MariaDB", socket.exists, mariadb, log)
        subprocess.run(["mariadb", f"--socket={socket}", "-uroot", "-e", "CREATE DATABASE wordpress CHARACTER SET utf8mb4"],
                       check=True, capture_output=True, timeout=60)
        root = tmp / "wordpress"
        shutil.copytree(DEBIAN, root, symlinks=True)
        (root / "wp-config.php").unlink()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        (root / "wp-config.php").write_text(CONFIG.format(socket=socket, url=url, allowed_port=allowed_port), encoding="utf-8")
        plugins = root / "wp-content" / "mu-plugins"
        plugins.mkdir()
        (plugins / "bm-tests.php").write_text(PLUGIN, encoding="utf-8")
        _php(root, INSTALL)
        php_log = tmp / "php.log"
        with php_log.open("wb") as out:
            server = subprocess.Popen(["php", "-S", f"127.0.0.1:{port}", "-t", str(root)], stdout=out, stderr=out,
                                      env={**os.environ, "PHP_CLI_SERVER_WORKERS": "4"})
        _wait("PHP", lambda: _answers(url), server, php_log)
        yield WordPress(root, url + "/")
    finally:
        for process in (server, mariadb):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


def _answers(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url + "/wp-login.php", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False
