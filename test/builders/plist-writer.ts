/** Plist writing for fixtures: the product's writer (src/formats/plist-writer.ts). */
export * from "../../src/formats/plist-writer.ts";
