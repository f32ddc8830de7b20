// What a project's program declares, learned the way the engine sees it (a preview): shared by
// the import command and `discover --import-into` (provider/core/import.ts runs it too).
export { declaredKey, MASKED_SECRET, previewDeclared, typeToken } from "../provider/core/import";
