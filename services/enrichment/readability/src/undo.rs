//! Undo of one extraction attempt, so that an attempt can run on the document itself.
//!
//! `grab_article` used to deep-clone the whole tree before every attempt (to keep a pristine
//! copy for the next attempt) and drop that copy when the first attempt succeeded, which it
//! does on most pages: the clone and its drop were a sixth of Readability's instructions.
//! A [`Checkpoint`] instead records the links of every node reachable from the root (five
//! `Option<NodeId>`s each, no allocation per node) and, while it is active, the first state
//! of each node whose data (name, attributes) an attempt changes: the attempt's code calls
//! [`before_data_change`] before every such change. Restoring puts the data and the links
//! back. Nodes the attempt created stay in the tree's node list, unreachable, with ids above
//! every original node's, so ids keep their relative order.

use std::cell::RefCell;

use dom_query::{NodeData, NodeId, NodeRef, Tree};
use foldhash::HashMap;

/// The links of one tree node, as an attempt may change them.
#[derive(Clone, Copy)]
struct Links {
    parent: Option<NodeId>,
    prev_sibling: Option<NodeId>,
    next_sibling: Option<NodeId>,
    first_child: Option<NodeId>,
    last_child: Option<NodeId>,
}

/// First data of each original node that the active attempt changed.
struct ChangedData {
    /// The tree of the attempt (a node of another tree is never recorded).
    tree: *const Tree,
    /// The largest id of a node reachable at the checkpoint: nodes created later have larger
    /// ids and need no record.
    last_original_id: NodeId,
    /// The node's data before the attempt's first change to it.
    saved: HashMap<NodeId, NodeData>,
}

thread_local! {
    /// The data record of the checkpoint active on this thread, if any. Thread-local so that
    /// the many functions that rename elements or set attributes during an attempt need no
    /// extra parameter; one attempt runs at a time on a thread.
    static CHANGED_DATA: RefCell<Option<ChangedData>> = const { RefCell::new(None) };
}

/// Records `node`'s data before a change, when a checkpoint of its tree is active and the
/// node existed at the checkpoint. Call before every change of a node's name or attributes
/// made during an attempt.
pub(crate) fn before_data_change(node: &NodeRef) {
    CHANGED_DATA.with_borrow_mut(|changed| {
        let Some(changed) = changed else { return };
        if !std::ptr::eq(changed.tree, node.tree) || node.id > changed.last_original_id {
            return;
        }
        if changed.saved.contains_key(&node.id) {
            return;
        }
        if let Some(data) = node.tree.query_node(&node.id, |n| n.data.clone()) {
            changed.saved.insert(node.id, data);
        }
    });
}

/// The state of a tree before an attempt, to restore it if the attempt fails. Active (its
/// data record taken) from [`Checkpoint::take`] until it is restored or dropped.
pub(crate) struct Checkpoint<'a> {
    tree: &'a Tree,
    /// Every node reachable from the root, with its links.
    links: Vec<(NodeId, Links)>,
}

impl<'a> Checkpoint<'a> {
    /// Records the links of every node reachable from the root of `tree` and starts recording
    /// data changes.
    pub(crate) fn take(tree: &'a Tree) -> Self {
        let mut links = Vec::with_capacity(tree.len());
        let mut last_original_id = tree.root_id();
        let mut next = Some(tree.root_id());
        while let Some(id) = next {
            let Some(node_links) = tree.query_node(&id, |n| Links {
                parent: n.parent,
                prev_sibling: n.prev_sibling,
                next_sibling: n.next_sibling,
                first_child: n.first_child,
                last_child: n.last_child,
            }) else {
                break;
            };
            links.push((id, node_links));
            last_original_id = last_original_id.max(id);
            next = next_in_walk(tree, &node_links);
        }
        let changed = ChangedData { tree, last_original_id, saved: HashMap::default() };
        CHANGED_DATA.with_borrow_mut(|active| *active = Some(changed));
        Self { tree, links }
    }

    /// Puts back the data and links of every node reachable at the checkpoint.
    pub(crate) fn restore(self) {
        let changed = CHANGED_DATA.with_borrow_mut(Option::take);
        if let Some(changed) = changed {
            for (id, data) in changed.saved {
                self.tree.update_node(&id, |n| n.data = data);
            }
        }
        for (id, links) in &self.links {
            self.tree.update_node(id, |n| {
                n.parent = links.parent;
                n.prev_sibling = links.prev_sibling;
                n.next_sibling = links.next_sibling;
                n.first_child = links.first_child;
                n.last_child = links.last_child;
            });
        }
    }
}

impl Drop for Checkpoint<'_> {
    /// Stops recording (the record is dropped unless [`Checkpoint::restore`] took it).
    fn drop(&mut self) {
        CHANGED_DATA.with_borrow_mut(|active| *active = None);
    }
}

/// The node after the one with these links in a pre-order walk from the root.
fn next_in_walk(tree: &Tree, links: &Links) -> Option<NodeId> {
    if links.first_child.is_some() {
        return links.first_child;
    }
    if links.next_sibling.is_some() {
        return links.next_sibling;
    }
    let mut parent = links.parent;
    while let Some(parent_id) = parent {
        let (next_sibling, grandparent) = tree.query_node(&parent_id, |n| (n.next_sibling, n.parent))?;
        if next_sibling.is_some() {
            return next_sibling;
        }
        parent = grandparent;
    }
    None
}
