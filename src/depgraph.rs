//! Dependency graphs as SVG, laid out at build time (no graphviz): a small layered
//! layout. Each node sits in the layer of its longest path from a node nothing points
//! to; nodes in a layer are ordered by the mean position of their predecessors
//! (barycentre), ties by name, so the same graph always gives the same bytes. Edges point
//! from what waits to what it waits on; at-risk edges are red and dashed, resolved ones
//! faint. Pure: no I/O. Cycles are refused by validation before this runs; should one
//! reach here, its back edges are drawn without looping.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::html::escape;

/// One dependency: `from` waits on `to`.
pub struct Edge<'a> {
    pub from: &'a str,
    pub to: &'a str,
    /// `open`, `at-risk` or `resolved`.
    pub status: &'a str,
    /// Shown on hover: kind, status and note.
    pub label: String,
}

const NODE_W: usize = 168;
const NODE_H: usize = 34;
const GAP_X: usize = 72;
const GAP_Y: usize = 18;
const PAD: usize = 8;

/// Layers of the graph: the nodes of each, in drawing order.
fn layers<'a>(edges: &[Edge<'a>]) -> Vec<Vec<&'a str>> {
    let mut nodes: Vec<&str> = edges.iter().flat_map(|e| [e.from, e.to]).collect();
    nodes.sort_unstable();
    nodes.dedup();
    // Longest path from a source, bounded by the node count (so a cycle cannot loop).
    let mut layer: BTreeMap<&str, usize> = nodes.iter().map(|&n| (n, 0)).collect();
    for _ in 0..nodes.len() {
        let mut changed = false;
        for e in edges {
            let next = layer[e.from] + 1;
            if next < nodes.len() && layer[e.to] < next {
                layer.insert(e.to, next);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let depth = layer.values().copied().max().map_or(0, |d| d + 1);
    let mut out: Vec<Vec<&str>> = vec![Vec::new(); depth];
    for (&n, &l) in &layer {
        out[l].push(n);
    }
    // Barycentre ordering, one pass down the layers.
    for l in 1..out.len() {
        let (done, rest) = out.split_at_mut(l);
        let above = &done[l - 1];
        let pos = |n: &str| -> f64 {
            let ps: Vec<usize> = edges
                .iter()
                .filter(|e| e.to == n)
                .filter_map(|e| above.iter().position(|&a| a == e.from))
                .collect();
            if ps.is_empty() {
                f64::MAX
            } else {
                ps.iter().sum::<usize>() as f64 / ps.len() as f64
            }
        };
        rest[0].sort_by(|a, b| pos(a).total_cmp(&pos(b)).then(a.cmp(b)));
    }
    out
}

/// The graph of `edges` as an SVG element, titled `title` (empty string: no edges).
pub fn svg(id: &str, title: &str, edges: &[Edge]) -> String {
    if edges.is_empty() {
        return String::new();
    }
    let layers = layers(edges);
    let tallest = layers.iter().map(Vec::len).max().unwrap_or(1);
    let width = PAD * 2 + layers.len() * NODE_W + (layers.len() - 1) * GAP_X;
    let height = PAD * 2 + tallest * NODE_H + (tallest - 1) * GAP_Y;
    let mut at: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (l, nodes) in layers.iter().enumerate() {
        // Centre shorter layers vertically.
        let offset = (tallest - nodes.len()) * (NODE_H + GAP_Y) / 2;
        for (i, &n) in nodes.iter().enumerate() {
            let x = PAD + l * (NODE_W + GAP_X);
            let y = PAD + offset + i * (NODE_H + GAP_Y);
            at.insert(n, (x, y));
        }
    }
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="depgraph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-title"><title id="{id}-title">{}</title>"#,
        escape(title)
    );
    let _ = write!(
        s,
        r#"<defs><marker id="{id}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>"#
    );
    for e in edges {
        let (fx, fy) = at[e.from];
        let (tx, ty) = at[e.to];
        let (x1, y1) = (fx + NODE_W, fy + NODE_H / 2);
        let (x2, y2) = if tx > fx {
            (tx, ty + NODE_H / 2)
        } else {
            // A back edge (only in a cycle): into the node's right side.
            (tx + NODE_W, ty + NODE_H / 2)
        };
        let mid = (x1 + x2) / 2;
        let _ = write!(
            s,
            r#"<path class="dep dep-{status}" d="M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}" fill="none" stroke="currentColor" marker-end="url(#{id}-arrow)"><title>{label}</title></path>"#,
            status = escape(e.status),
            label = escape(&e.label)
        );
    }
    for (n, (x, y)) in &at {
        let text: String = if n.chars().count() > 22 {
            n.chars().take(21).chain(['…']).collect()
        } else {
            n.to_string()
        };
        let _ = write!(
            s,
            r#"<g class="node"><title>{name}</title><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6"/><text x="{tx}" y="{ty}" text-anchor="middle">{text}</text></g>"#,
            name = escape(n),
            tx = x + NODE_W / 2,
            ty = y + NODE_H / 2 + 5,
            text = escape(&text)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge<'a>(from: &'a str, to: &'a str) -> Edge<'a> {
        Edge {
            from,
            to,
            status: "open",
            label: format!("{from} waits on {to}"),
        }
    }

    #[test]
    fn layers_follow_the_longest_path() {
        let edges = [edge("app", "api"), edge("api", "db"), edge("app", "db")];
        assert_eq!(layers(&edges), vec![vec!["app"], vec!["api"], vec!["db"]]);
    }

    #[test]
    fn same_graph_same_bytes_and_every_node_drawn_once() {
        let edges = [edge("b", "c"), edge("a", "c"), edge("a", "d <x>")];
        let one = svg("g", "Dependencies", &edges);
        assert_eq!(one.matches("<g class=\"node\">").count(), 4);
        assert_eq!(one.matches("<path class=\"dep").count(), 3);
        assert!(one.contains("d &lt;x&gt;"), "names are escaped");
        assert_eq!(one, svg("g", "Dependencies", &edges));
        assert!(svg("g", "x", &[]).is_empty());
    }

    #[test]
    fn a_cycle_does_not_loop() {
        let edges = [edge("a", "b"), edge("b", "a")];
        let s = svg("g", "x", &edges);
        assert_eq!(s.matches("<g class=\"node\">").count(), 2);
    }
}
