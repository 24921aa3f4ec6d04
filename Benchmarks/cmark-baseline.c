/*
 * The baseline of Benchmarks/publish.sh: the bare cmark-gfm library rendering Markdown files
 * into HTML files, one process, one thread, with the options and extensions `sop` uses
 * (safe mode, footnotes; table, strikethrough, autolink, tagfilter, tasklist).
 * Usage: cmark-baseline OUTDIR FILE...  (writes OUTDIR/<name without .md>.html for each FILE)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

static const char *const extension_names[] = {"table", "strikethrough", "autolink", "tagfilter", "tasklist"};
#define EXTENSION_COUNT (sizeof extension_names / sizeof extension_names[0])

static void fail(const char *what, const char *path) {
    fprintf(stderr, "cmark-baseline: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

/* The whole file in a malloc'd buffer; its length in *length. */
static char *read_file(const char *path, size_t *length) {
    FILE *file = fopen(path, "rb");
    if (!file) fail("cannot open", path);
    size_t capacity = 16384, used = 0;
    char *data = malloc(capacity);
    if (!data) fail("out of memory reading", path);
    for (;;) {
        if (used == capacity) {
            capacity *= 2;
            char *grown = realloc(data, capacity);
            if (!grown) fail("out of memory reading", path);
            data = grown;
        }
        size_t got = fread(data + used, 1, capacity - used, file);
        used += got;
        if (got == 0) {
            if (ferror(file)) fail("cannot read", path);
            break;
        }
    }
    fclose(file);
    *length = used;
    return data;
}

/* OUTDIR/<basename of path without .md>.html, malloc'd. */
static char *output_path(const char *outdir, const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t stem = strlen(base);
    if (stem > 3 && strcmp(base + stem - 3, ".md") == 0) stem -= 3;
    size_t size = strlen(outdir) + 1 + stem + sizeof ".html";
    char *result = malloc(size);
    if (!result) fail("out of memory for", path);
    snprintf(result, size, "%s/%.*s.html", outdir, (int)stem, base);
    return result;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: cmark-baseline OUTDIR FILE...\n");
        return 2;
    }
    const char *outdir = argv[1];
    const int options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES;
    cmark_gfm_core_extensions_ensure_registered();
    cmark_syntax_extension *extensions[EXTENSION_COUNT];
    for (size_t i = 0; i < EXTENSION_COUNT; i++) {
        extensions[i] = cmark_find_syntax_extension(extension_names[i]);
        if (!extensions[i]) {
            fprintf(stderr, "cmark-baseline: no cmark-gfm extension %s\n", extension_names[i]);
            return 1;
        }
    }

    for (int i = 2; i < argc; i++) {
        size_t length;
        char *markdown = read_file(argv[i], &length);
        cmark_parser *parser = cmark_parser_new(options);
        if (!parser) fail("cannot make a parser for", argv[i]);
        for (size_t e = 0; e < EXTENSION_COUNT; e++) {
            if (!cmark_parser_attach_syntax_extension(parser, extensions[e])) {
                fprintf(stderr, "cmark-baseline: cannot attach extension %s\n", extension_names[e]);
                return 1;
            }
        }
        cmark_parser_feed(parser, markdown, length);
        cmark_node *document = cmark_parser_finish(parser);
        if (!document) {
            fprintf(stderr, "cmark-baseline: cannot parse %s\n", argv[i]);
            return 1;
        }
        char *html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser));
        if (!html) {
            fprintf(stderr, "cmark-baseline: cannot render %s\n", argv[i]);
            return 1;
        }

        char *out = output_path(outdir, argv[i]);
        FILE *file = fopen(out, "wb");
        if (!file) fail("cannot create", out);
        size_t html_length = strlen(html);
        if (fwrite(html, 1, html_length, file) != html_length) fail("cannot write", out);
        if (fclose(file) != 0) fail("cannot write", out);

        free(out);
        cmark_get_default_mem_allocator()->free(html);
        cmark_node_free(document);
        cmark_parser_free(parser);
        free(markdown);
    }
    return 0;
}
