#!/usr/bin/env python3
"""Executes a notebook top to bottom in a fresh Jupyter kernel and fails on the first error.

    python3 Tests/Python/run_notebook.py Samples/landscape.ipynb

Checks that every code cell ran, and that each cell that calls plt.show() produced an image.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

path = Path(sys.argv[1]).resolve()
notebook = nbformat.read(path, as_version=4)
NotebookClient(notebook, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(path.parent)}}).execute()
code = [cell for cell in notebook.cells if cell.cell_type == "code"]
assert all(cell.execution_count for cell in code), "a cell did not run"
charts = sum(any("image/png" in out.get("data", {}) for out in cell.outputs) for cell in code)
drawing = sum("plt.show()" in cell.source for cell in code)
assert charts == drawing, f"{drawing} cells draw a chart, {charts} produced one"
print(f"{path.name}: {len(code)} code cells ran, {charts} charts drawn")
