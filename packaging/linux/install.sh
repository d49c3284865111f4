#!/usr/bin/env bash
# Install the Linux desktop integration (menu entry, icons, AppStream metainfo) under PREFIX
# (default ~/.local), and the frozen app from dist/annotator if it was built.
#
#   packaging/linux/install.sh            # for this user
#   sudo packaging/linux/install.sh /usr/local
#
# With `pip install` alone the menu entry works too: pip puts annotator-gui on the PATH.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PREFIX="${1:-$HOME/.local}"
ID=io.github.annotator.Annotator
SHARE="$PREFIX/share"

install -Dm644 "$ROOT/packaging/linux/$ID.desktop" "$SHARE/applications/$ID.desktop"
install -Dm644 "$ROOT/packaging/linux/$ID.metainfo.xml" "$SHARE/metainfo/$ID.metainfo.xml"
install -Dm644 "$ROOT/resources/icons/annotator.svg" "$SHARE/icons/hicolor/scalable/apps/$ID.svg"
for png in "$ROOT"/resources/icons/annotator-*.png; do
    size="$(basename "$png" .png)"; size="${size#annotator-}"
    install -Dm644 "$png" "$SHARE/icons/hicolor/${size}x${size}/apps/$ID.png"
done

if [ -x "$ROOT/dist/annotator/annotator" ]; then
    rm -rf "$PREFIX/lib/annotator"
    mkdir -p "$PREFIX/lib" "$PREFIX/bin"
    cp -a "$ROOT/dist/annotator" "$PREFIX/lib/annotator"
    ln -sf "$PREFIX/lib/annotator/annotator" "$PREFIX/bin/annotator"
    ln -sf "$PREFIX/lib/annotator/annotator-gui" "$PREFIX/bin/annotator-gui"
    echo "installed the app in $PREFIX/lib/annotator (commands in $PREFIX/bin)"
fi

# Refresh the caches when the tools exist; menus pick the entry up without them too.
command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
echo "installed the menu entry $ID under $SHARE"
