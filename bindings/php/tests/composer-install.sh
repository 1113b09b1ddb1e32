#!/usr/bin/env bash
# The two Composer installs bindings/php/README.md shows, run with Debian's composer and no
# network (packagist.org disabled; both repositories are local paths), from a clean clone of this
# repository (its committed HEAD):
#   1. a `vcs` repository: composer config repositories.justclick vcs <clone>;
#      composer require justclick/justclick:dev-main
#   2. a `path` repository, copied (symlink false): the copy must leave out target/.
# In each project: the autoloader finds the classes; with no library anywhere the error
# names the documented ways to provide it; with JUSTCLICK_LIB, the `library` option and
# the loader's path (LD_LIBRARY_PATH, what ldconfig gives a system install) it works.
#
#   JUSTCLICK_LIB=/abs/libjustclick.so bindings/php/tests/composer-install.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
lib=${JUSTCLICK_LIB:?set JUSTCLICK_LIB to the absolute path of a built libjustclick.so}
command -v composer >/dev/null || { echo "composer is not installed (Debian: apt-get install composer)"; exit 1; }
command -v git >/dev/null || { echo "git is not installed"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/justclick-composer.XXXXXX")
trap 'rm -rf "$work"' EXIT
export COMPOSER_HOME=$work/composer-home COMPOSER_CACHE_DIR=$work/composer-cache
export COMPOSER_NO_INTERACTION=1 COMPOSER_ALLOW_SUPERUSER=1
unset JUSTCLICK_LIB

failures=0
check() {  # description, command...
  local what=$1
  shift
  if "$@"; then
    echo "  ok: $what"
  else
    echo "  FAILED: $what"
    failures=$((failures + 1))
  fi
}

# A clean clone on branch main, as a user's clone (or GitHub) would be.
git clone -q "$root" "$work/repo"
git -C "$work/repo" checkout -q -B main
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$work/repo/Cargo.toml" | head -n 1)
# A build output in the clone, which a copied path install must not carry along.
mkdir -p "$work/repo/target/release"
cp "$lib" "$work/repo/target/release/libjustclick.so"

# The library where the dynamic loader finds it by its bare name (as after make install
# + ldconfig), for the third way of finding it.
mkdir -p "$work/loader"
cp "$lib" "$work/loader/libjustclick.so"

# php_in PROJECT CODE: runs CODE after the project's vendor/autoload.php, without
# JUSTCLICK_LIB and LD_LIBRARY_PATH (callers add what they test).
php_in() {
  local project=$1 code=$2
  shift 2
  (cd "$project" && env -u LD_LIBRARY_PATH "$@" php -d ffi.enable=1 -r "require 'vendor/autoload.php'; $code")
}

check_project() {  # name, project directory
  local name=$1 project=$2 pkg=$2/vendor/justclick/justclick
  echo "$name:"
  check "the package is installed as a copy (not a symlink)" test -d "$pkg" -a ! -L "$pkg"
  check "the copy has the PHP sources" test -f "$pkg/bindings/php/src/Client.php"
  check "the copy leaves out build output (target/)" test ! -e "$pkg/target"
  check "the autoloader finds JustClick\\Client" \
    php_in "$project" 'exit(class_exists(JustClick\Client::class) ? 0 : 1);'

  local hash_code='$h = JustClick\Hash::get(["rid" => "super"], "login", "secret");
    exit($h === md5(http_build_query(["rid" => "super"]) . "::login::secret") ? 0 : 1);'
  if ldconfig -p 2>/dev/null | grep -q 'libjustclick\.so '; then
    echo "  NOTE: a system libjustclick.so is installed; the missing-library check is skipped"
  else
    local msg
    msg=$(php_in "$project" 'try { JustClick\Hash::get([], "l", "s"); echo "loaded?!"; }
      catch (JustClick\JustClickException $e) { echo $e->getMessage(); }' 2>&1)
    echo "  missing library says: $msg"
    check "a missing library names JUSTCLICK_LIB, the library option and make install" \
      bash -c '[[ $1 == *JUSTCLICK_LIB* && $1 == *"'"'"'library'"'"' option"* && $1 == *"make install"* ]]' _ "$msg"
  fi
  check "JUSTCLICK_LIB: Hash::get matches PHP's md5" php_in "$project" "$hash_code" JUSTCLICK_LIB="$lib"
  check "JUSTCLICK_LIB: the loaded library is version $version" \
    php_in "$project" "exit(JustClick\\Ffi::version() === '$version' ? 0 : 1);" JUSTCLICK_LIB="$lib"
  check "the 'library' option: a Client is created" php_in "$project" \
    "new JustClick\\Client('demo', 'secret', ['library' => '$lib']); exit(0);"
  check "the loader's path (system install): Hash::get works" \
    php_in "$project" "$hash_code" LD_LIBRARY_PATH="$work/loader"
}

# 1. vcs repository, as in the README.
mkdir -p "$work/app-vcs"
(
  cd "$work/app-vcs"
  echo '{}' >composer.json
  composer config repositories.packagist.org false
  composer config repositories.justclick vcs "$work/repo"
  composer require -q justclick/justclick:dev-main
) || { echo "composer require from a vcs repository failed"; exit 1; }
check_project "vcs repository" "$work/app-vcs"

# 2. path repository, copied, as in the README.
mkdir -p "$work/app-path"
(
  cd "$work/app-path"
  echo '{}' >composer.json
  composer config repositories.packagist.org false
  composer config repositories.justclick \
    "{\"type\": \"path\", \"url\": \"$work/repo\", \"options\": {\"symlink\": false}}"
  composer require -q 'justclick/justclick:*@dev'
) || { echo "composer require from a path repository failed"; exit 1; }
check_project "path repository (copied)" "$work/app-path"

# 3. `composer archive` (what a dist of the package holds): the PHP package and the
# extension's sources, not the Rust tree or build output.
(cd "$work/repo" && composer archive -q --format=tar --dir="$work" --file=archive) \
  || { echo "composer archive failed"; exit 1; }
listing=$(tar -tf "$work/archive.tar")
check "the archive holds the package" grep -qx 'bindings/php/src/Client.php' <<<"$listing"
check "the archive holds the extension's sources" grep -qx 'bindings/php-ext/justclick.c' <<<"$listing"
check "the archive leaves out the Rust tree and build output" \
  bash -c '! grep -qE "^(core|src|cli|sandbox|target|fuzz|bench)/|^Cargo\.toml$" <<<"$1"' _ "$listing"
echo "  archive: $(wc -l <<<"$listing") entries, $(($(stat -c %s "$work/archive.tar") / 1024)) kB"

if [ "$failures" -eq 0 ]; then
  echo "composer install: PASS (vcs and path repositories)"
else
  echo "composer install: FAIL ($failures checks)"
fi
[ "$failures" -eq 0 ]
