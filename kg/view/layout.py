"""View layout: node positions computed before the page opens.

A browser needs seconds per hundred physics steps on a few thousand nodes,
so the page gets its positions ready-made and draws them with physics off.
Each connected component is laid out on its own with a force-directed
(Fruchterman-Reingold) scheme: exact repulsion between all pairs in small
components, and in large ones repulsion from a fresh random sample of nodes
at every step (negative sampling, as in LargeVis and UMAP), which keeps a
step linear in the number of nodes and edges. Components are then packed in
rows, largest first. A fixed seed makes the same graph give the same page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

EDGE_LENGTH = 160.0  # pixels between neighbours, roughly
EXACT_LIMIT = 300  # components up to this size get exact all-pairs repulsion
SAMPLES = 24  # nodes sampled for repulsion per node and step, in larger components
GAP = 1.2 * EDGE_LENGTH


def _components(count: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(count))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for start, end in edges:
        a, b = root(start), root(end)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for node in range(count):
        groups.setdefault(root(node), []).append(node)
    return sorted(groups.values(), key=lambda group: (-len(group), group[0]))


def _force_layout(size: int, edges: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Positions of one connected component (nodes 0..size-1), with mean edge length about 1."""
    if size == 1:
        return np.zeros((1, 2))
    if size == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    k = 1.0  # ideal distance
    position = rng.uniform(-1.0, 1.0, size=(size, 2)) * math.sqrt(size)
    exact = size <= EXACT_LIMIT
    steps = 250 if size <= 200 else 150 if exact else 90 if size <= 8000 else 70
    samples = SAMPLES if size <= 8000 else SAMPLES // 2
    temperature = math.sqrt(size) * 0.5
    starts, ends = edges[:, 0], edges[:, 1]
    for step in range(steps):
        force = np.zeros_like(position)
        if exact:
            delta = position[:, None, :] - position[None, :, :]
            distance2 = np.maximum((delta ** 2).sum(axis=2), 1e-4)
            force += (delta * (k * k / distance2)[:, :, None]).sum(axis=1)
        else:
            others = rng.integers(0, size, size=(size, samples))
            delta = position[:, None, :] - position[others]
            distance2 = np.maximum((delta ** 2).sum(axis=2), 1e-4)
            force += (delta * (k * k / distance2)[:, :, None]).sum(axis=1) * ((size - 1) / samples)
        pull = position[ends] - position[starts]
        length = np.sqrt((pull ** 2).sum(axis=1))[:, None]
        spring = pull * length / k
        for axis in (0, 1):  # bincount sums per node, much faster than np.add.at
            force[:, axis] += (np.bincount(starts, weights=spring[:, axis], minlength=size)
                               - np.bincount(ends, weights=spring[:, axis], minlength=size))
        force -= position * (0.05 * k / math.sqrt(size))  # a little gravity keeps loose parts near
        magnitude = np.maximum(np.sqrt((force ** 2).sum(axis=1))[:, None], 1e-9)
        cooling = temperature * (1.0 - step / steps) + 0.01
        position += force / magnitude * np.minimum(magnitude, cooling)
    lengths = np.sqrt(((position[ends] - position[starts]) ** 2).sum(axis=1))
    scale = float(np.median(lengths)) if len(lengths) else 1.0
    return (position - position.mean(axis=0)) / max(scale, 1e-6)


def layout_positions(count: int, edges: Sequence[tuple[int, int]], widths: Sequence[float] | None = None,
                     seed: int = 7) -> list[tuple[float, float]]:
    """(x, y) in pixels for nodes 0..count-1 joined by `edges` (pairs of node numbers).

    `widths`, the width of each node's label in pixels, keeps the labels of
    neighbouring components from running into each other.
    """
    rng = np.random.default_rng(seed)
    placed = np.zeros((count, 2))
    boxes: list[tuple[list[int], np.ndarray]] = []
    groups = _components(count, edges)
    member = np.zeros(count, dtype=np.int64)  # component number of each node
    local = np.zeros(count, dtype=np.int64)  # its number inside the component
    for number, group in enumerate(groups):
        member[group] = number
        local[group] = np.arange(len(group))
    pairs = np.array([(a, b) for a, b in edges if a != b], dtype=np.int64).reshape(-1, 2)
    order = np.argsort(member[pairs[:, 0]], kind="stable")
    pairs = pairs[order]
    bounds = np.searchsorted(member[pairs[:, 0]], np.arange(len(groups) + 1))
    for number, group in enumerate(groups):
        inside = local[pairs[bounds[number]:bounds[number + 1]]]
        boxes.append((group, _force_layout(len(group), inside, rng) * EDGE_LENGTH))
    label = np.asarray(widths if widths is not None else [0.0] * count, dtype=float)
    margin = [max(GAP * 0.6, float(label[group].max()) + 20.0) for group, _ in boxes]
    area = sum((np.ptp(p[:, 0]) + m) * (np.ptp(p[:, 1]) + GAP * 0.6) for (_, p), m in zip(boxes, margin, strict=True))
    width = max(math.sqrt(area * 1.8), max((np.ptp(p[:, 0]) + m for (_, p), m in zip(boxes, margin, strict=True)),
                                           default=0.0))
    x = y = row_height = 0.0
    for (group, position), room in zip(boxes, margin, strict=True):  # shelf packing, largest components first
        low = position.min(axis=0)
        span = position.max(axis=0) - low
        if x > 0 and x + span[0] + room > width:
            x, y, row_height = 0.0, y + row_height + GAP * 0.6, 0.0
        placed[group] = position - low + np.array([x + room / 2, y])
        x += span[0] + room
        row_height = max(row_height, float(span[1]))
    placed -= placed.mean(axis=0) if count else 0.0
    return [(round(float(px), 1), round(float(py), 1)) for px, py in placed]
