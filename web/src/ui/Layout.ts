// How many columns the tile grid uses: tiles stay as large as possible while every participant stays visible.

/** Columns for `count` tiles: 1, 2, 2×2, 3×2, 3×3, then a square-ish grid. */
export function gridColumns(count: number): number {
  if (count <= 1) return 1;
  if (count <= 4) return 2;
  if (count <= 9) return 3;
  return Math.ceil(Math.sqrt(count));
}

/** Stage view only makes sense with somebody else to put on it. */
export function useStage(stageWanted: boolean, tileCount: number): boolean {
  return stageWanted && tileCount > 1;
}

/** In stage view the stage spans the row and the others sit below as thumbnails, at least four to a row. */
export function stageColumns(count: number): number {
  return Math.max(4, count - 1);
}
