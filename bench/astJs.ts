// The JS side of the AST workload: web-tree-sitter (WASM) with the tree-sitter-bash grammar.
// Kept free of bench machinery: the fresh-process row (oneShot.ts) loads it.
import { Language, Parser } from "web-tree-sitter";

export interface JsShellParser {
    /** Parse + full TreeCursor walk; returns the node count (named and anonymous nodes). */
    parseAndWalk(source: string): number;
}

/** Loads the WASM runtime and the bash grammar (once per process). */
export async function createJsShellParser(): Promise<JsShellParser> {
    await Parser.init();
    const bash = await Language.load(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"));
    const parser = new Parser();
    parser.setLanguage(bash);
    return {
        parseAndWalk(source: string): number {
            const tree = parser.parse(source);
            if (!tree) {
                throw new Error("web-tree-sitter returned no tree");
            }
            const cursor = tree.walk();
            let count = 0;
            try {
                for (;;) {
                    count++;
                    if (cursor.gotoFirstChild()) {
                        continue;
                    }
                    while (!cursor.gotoNextSibling()) {
                        if (!cursor.gotoParent()) {
                            return count;
                        }
                    }
                }
            } finally {
                // WASM memory is not garbage-collected: free the cursor and tree every call.
                cursor.delete();
                tree.delete();
            }
        },
    };
}
