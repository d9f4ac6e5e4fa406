// ESLint rule: no import cycle between the given folders (e.g. lib/checkout → lib/subscriptions →
// lib/checkout). import-x/no-cycle works file by file and skips `import type`, so two folders that
// import each other through different files, or through types, pass it; this rule looks at folders.
// The folder graph is read once per process from the files on disk with a plain scan of import
// specifiers (cheap, and enough for `@/` and relative imports); an editor session keeps the graph
// it started with until ESLint restarts.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\b[^;'"]*?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']/g;
const graphs = new Map();

function specifiersIn(text) {
  return [...text.matchAll(SPECIFIER)].map((match) => match[1] ?? match[2]);
}

/** The folder (one of `folders`, as "lib/x") a specifier written in `fromFile` points into, if any. */
function targetFolder(specifier, fromFile, root, folders) {
  let path;
  if (specifier.startsWith("@/")) path = specifier.slice(2);
  else if (specifier.startsWith(".")) path = relative(root, resolve(fromFile, "..", specifier));
  else return undefined;
  const posix = path.split(sep).join("/");
  return folders.find((folder) => posix === folder || posix.startsWith(`${folder}/`));
}

function sourceFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

function folderGraph(root, folders) {
  const key = `${root}\0${folders.join(",")}`;
  if (!graphs.has(key)) {
    /** folder → Map(target folder → one file that makes the edge) */
    const graph = new Map(folders.map((folder) => [folder, new Map()]));
    for (const folder of folders) {
      for (const file of sourceFiles(join(root, folder))) {
        for (const specifier of specifiersIn(readFileSync(file, "utf8"))) {
          const target = targetFolder(specifier, file, root, folders);
          if (target && target !== folder && !graph.get(folder).has(target)) {
            graph.get(folder).set(target, relative(root, file));
          }
        }
      }
    }
    graphs.set(key, graph);
  }
  return graphs.get(key);
}

/** A path of folders from `start` back to `goal` (both included), or undefined. */
function pathBack(graph, start, goal) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const folder = queue.shift();
    for (const next of graph.get(folder)?.keys() ?? []) {
      if (previous.has(next)) continue;
      previous.set(next, folder);
      if (next === goal) {
        const path = [next];
        for (let at = folder; at !== null; at = previous.get(at)) path.unshift(at);
        return path;
      }
      queue.push(next);
    }
  }
  return undefined;
}

export const noFolderCycle = {
  meta: {
    type: "problem",
    docs: { description: "Disallow import cycles between the given folders" },
    schema: [
      {
        type: "object",
        properties: { folders: { type: "array", items: { type: "string" } } },
        required: ["folders"],
        additionalProperties: false,
      },
    ],
    messages: {
      cycle: "Import cycle between folders: {{path}} (via {{via}}). Move the shared piece down.",
    },
  },
  create(context) {
    const folders = context.options[0].folders;
    const root = context.cwd;
    const file = context.filename;
    const own = targetFolder(`@/${relative(root, file).split(sep).join("/")}`, file, root, folders);
    if (!own) return {};
    const graph = folderGraph(root, folders);
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== "string") return;
      const target = targetFolder(specifier, file, root, folders);
      if (!target || target === own) return;
      const back = pathBack(graph, target, own);
      if (!back) return;
      const via = graph.get(back[0]).get(back[1]);
      context.report({ node, messageId: "cycle", data: { path: [own, ...back].join(" → "), via } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { meta: { name: "layers" }, rules: { "no-folder-cycle": noFolderCycle } };
