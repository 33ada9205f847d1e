#!/bin/sh
# Regenerates the start documents of the libreoffice_writer tasks from the HTML below, with LibreOffice
# itself (a throw-away profile, so a running LibreOffice is not disturbed): <h1> becomes Heading 1,
# <p> a paragraph in the default style. Run from anywhere: sh tasks/libreoffice_writer/files/make-start-files.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

page() { cat > "$work/$1.html"; }

page notice <<'HTML'
<html><body><p></p></body></html>
HTML

page report <<'HTML'
<html><body>
<h1>Paint Survey</h1>
<p>The colour of the north wall has faded more than the colour of the south wall.</p>
<p>We recommend a lighter colour for the hallway.</p>
<p>Samples of each colour are in the storage room.</p>
</body></html>
HTML

page essay <<'HTML'
<html><body>
<p>Solar and wind power now supply a growing share of the world's electricity.</p>
<p>Storage and better grids are the next challenge.</p>
</body></html>
HTML

page minutes <<'HTML'
<html><body>
<h1>Team Meeting Minutes</h1>
<p>Attendees: Anna, Ben, Carla.</p>
<p>The budget for the spring campaign was approved.</p>
</body></html>
HTML

page draft <<'HTML'
<html><body>
<p>Our office moves to the new building on 3 June.</p>
<p>TODO: ask facilities about parking.</p>
<p>Please pack your desk by the end of May.</p>
</body></html>
HTML

cd "$work"
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to 'docx:MS Word 2007 XML' --outdir "$work/out" ./*.html >/dev/null
for file in out/*.docx; do mv "$file" "$here/"; done
ls -l "$here"/*.docx
