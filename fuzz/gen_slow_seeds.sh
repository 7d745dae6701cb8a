#!/bin/sh
# Writes large generated inputs (our own, made here) for the slow_input target into the
# folder given (default fuzz/corpus/slow_input). They are generated rather than committed:
# a few megabytes of repetition do not belong in git.
set -eu
out=${1:-"$(dirname "$0")/corpus/slow_input"}
mkdir -p "$out"
gen() { # NAME AWK-PROGRAM
    [ -s "$out/$1" ] || awk "BEGIN { $2 }" </dev/null >"$out/$1"
}
# Sizes: a few hundred kilobytes, where linear work takes well under the 2 s timeout in the
# instrumented build on a busy machine and quadratic work takes far more; libFuzzer may grow
# them up to -max_len=2000000.
# Finding 4: deeply nested HTML.
gen nested-div.html 'for (i = 0; i < 100000; i++) printf "<div>"; print "text"'
gen nested-mixed.html 'for (i = 0; i < 40000; i++) printf "<span><b><i>"; print "The Ministry"'
gen script-elements.html 'for (i = 0; i < 15000; i++) printf "<script>var a = 1;</SCRIPT><style>p{}</style>"; print "<p>after</p>"'
gen stray-end-tags.html 'for (i = 0; i < 30000; i++) printf "<b>"; printf "words"; for (i = 0; i < 30000; i++) printf "</i>"; print ""'
gen ignored-end-tags.html 'for (i = 0; i < 30000; i++) printf "<div><table><tr><td></div>"; print "cell"'
gen nested-close.html 'for (i = 0; i < 20000; i++) printf "<div>a</div><table><tr><td>"; print ""'
# Finding 7: one huge paragraph, as one line and hard-wrapped.
gen one-line-paragraph.txt 'for (i = 0; i < 50000; i++) printf "word%d ", i % 977; print ""'
gen wrapped-paragraph.txt 'for (i = 0; i < 6000; i++) printf "The Ministry of Foreign Affairs notes the resolution %d of the\n", i'
gen long-word.txt 'for (i = 0; i < 40000; i++) printf "abcdefghij"; print ""'
gen many-mentions.txt 'for (i = 0; i < 12000; i++) printf "European Parliament and MEPs, "; print ""'
gen many-paragraphs.txt 'for (i = 0; i < 50000; i++) printf "p%d\n\n", i'
gen many-lines-html.html 'print "<html><body>"; for (i = 0; i < 10000; i++) printf "<p>Paragraph %d of the statement.</p>\n", i; print "</body></html>"'
gen front-matter.md 'print "+++"; for (i = 0; i < 20000; i++) printf "k%d = \"v\"\n", i; print "+++"; print "Body."'
gen quotes.md 'for (i = 0; i < 100000; i++) printf "> "; print "deep quote"'
gen hyphens.txt 'for (i = 0; i < 30000; i++) printf "state-\nment "; print ""'
gen controls.txt 'for (i = 0; i < 50000; i++) printf "a\033[31m\302\233"; print ""'
