// Package search writes the site's search index: the stage after the site
// model that turns every page into terms, and the terms into static JSON
// files that static/js/search.js searches in the browser, with no server.
// docs/search-index.md describes the files.
//
// The build calls Write with one Doc per page, made from the site model (the
// page's title, headings, summary, plain text, subregio, themas, URL, date);
// search does not read HTML and does not import the site model, so it knows
// nothing of layouts. Write returns the path of the manifest, the one file the
// search page loads first, and figures for the build's report.
//
// # Normalisation
//
// A page and a query go through the same steps (Terms): textnorm.Fold (lower
// case, diacritics dropped), split into runs of letters and digits, stop
// words (Stopwords) and words of 1 or over 40 characters dropped, and Stem:
// the Snowball Dutch stemmer with three small additions. So "creeren" finds
// "creëren", "ideeen" finds "ideeën" and "masterclass" finds "masterclasses".
// search.js ports these steps; testdata/stem_vectors.tsv, computed here, is
// what keeps the port exact (TestJavaScript runs it under Node).
//
// # Index
//
// Terms are sorted and cut into shards of about Options.ShardBytes, so a
// query loads only the shards of its words; page data for results (URL,
// title, date, an excerpt for snippets) is cut into files of about
// Options.DocBytes. Each posting carries one small weight computed here with
// BM25F (title, headings, summary, tags, body), so the browser only weighs
// terms by rarity and adds them up. All files go into one folder named by a
// hash of their contents, so a deploy never mixes two versions.
//
// Write warns (it does not fail) when a first query could download more than
// Options.FirstQueryBudget bytes gzipped or the index grows past
// Options.TotalBudget.
package search
