//! Variable lookup: the root data, a chain of local bindings and `#each` item frames.

use std::borrow::Cow;

use serde_json::Value;

use crate::{EvalBudget, EvalOptions};

/// Variable lookup for evaluation: a root data object plus a stack of local bindings.
///
/// Child scopes borrow their parent, so adding a binding never clones data. Plain names resolve
/// innermost first: a binding with that name, or (inside `#each`) a field of the current item,
/// then outer scopes, then the root object. A name found nowhere is `null`.
#[derive(Debug)]
pub struct Scope<'a> {
    root: &'a Value,
    options: &'a EvalOptions,
    budget: BudgetSlot<'a>,
    parent: Option<&'a Scope<'a>>,
    frame: Frame<'a>,
}

#[derive(Debug)]
enum BudgetSlot<'a> {
    Own(EvalBudget),
    Shared(&'a EvalBudget),
}

/// What one scope level adds.
#[derive(Debug)]
enum Frame<'a> {
    Root,
    Binding { name: &'a str, value: &'a Value },
    Item(ItemFrame<'a>),
}

/// The current element of an `#each` loop (or a render-engine loop that wants `this`/`@index`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ItemFrame<'a> {
    pub item: &'a Value,
    pub index: usize,
    pub count: usize,
    pub key: Option<&'a str>,
    pub item_alias: Option<&'a str>,
    pub index_alias: Option<&'a str>,
}

impl<'a> Scope<'a> {
    /// A root scope over `root` with a fresh budget from `options`.
    pub fn new(root: &'a Value, options: &'a EvalOptions) -> Scope<'a> {
        Scope { root, options, budget: BudgetSlot::Own(EvalBudget::new(options)), parent: None, frame: Frame::Root }
    }

    /// A root scope that spends from a caller-owned budget, so many `render`/`evaluate` calls of one
    /// document share one step and loop bound.
    pub fn with_budget(root: &'a Value, options: &'a EvalOptions, budget: &'a EvalBudget) -> Scope<'a> {
        Scope { root, options, budget: BudgetSlot::Shared(budget), parent: None, frame: Frame::Root }
    }

    /// A child scope where `name` refers to `value`; cheap (borrows, clones nothing).
    pub fn with(&'a self, name: &'a str, value: &'a Value) -> Scope<'a> {
        self.child(Frame::Binding { name, value })
    }

    /// A child scope for one loop element: `this` is `item`, `@index` is `index`, `@first`/`@last`
    /// follow from `count`, and plain names resolve against the item's fields first.
    pub fn with_item(&'a self, item: &'a Value, index: usize, count: usize) -> Scope<'a> {
        self.child(Frame::Item(ItemFrame { item, index, count, key: None, item_alias: None, index_alias: None }))
    }

    pub(crate) fn with_item_frame(&'a self, frame: ItemFrame<'a>) -> Scope<'a> {
        self.child(Frame::Item(frame))
    }

    fn child(&'a self, frame: Frame<'a>) -> Scope<'a> {
        Scope {
            root: self.root,
            options: self.options,
            budget: BudgetSlot::Shared(self.budget()),
            parent: Some(self),
            frame,
        }
    }

    /// The options this scope evaluates with.
    pub fn options(&self) -> &'a EvalOptions {
        self.options
    }

    /// The budget this scope (and all its children) spend from.
    pub fn budget(&self) -> &EvalBudget {
        match &self.budget {
            BudgetSlot::Own(budget) => budget,
            BudgetSlot::Shared(budget) => budget,
        }
    }

    /// The root data object.
    pub fn root(&self) -> &'a Value {
        self.root
    }

    /// Resolve a plain name; `None` when nothing binds it.
    pub(crate) fn lookup(&self, name: &str) -> Option<Cow<'a, Value>> {
        let mut scope = Some(self);
        while let Some(current) = scope {
            match &current.frame {
                Frame::Root => {}
                Frame::Binding { name: bound, value } => {
                    if *bound == name {
                        return Some(Cow::Borrowed(*value));
                    }
                }
                Frame::Item(frame) => {
                    if frame.item_alias == Some(name) {
                        return Some(Cow::Borrowed(frame.item));
                    }
                    if frame.index_alias == Some(name) {
                        return Some(Cow::Owned(Value::from(frame.index)));
                    }
                    if let Some(found) = frame.item.as_object().and_then(|map| map.get(name)) {
                        return Some(Cow::Borrowed(found));
                    }
                }
            }
            scope = current.parent;
        }
        self.root.as_object()?.get(name).map(Cow::Borrowed)
    }

    /// The innermost loop element, if any.
    pub(crate) fn current_item(&self) -> Option<ItemFrame<'a>> {
        let mut scope = Some(self);
        while let Some(current) = scope {
            if let Frame::Item(frame) = &current.frame {
                return Some(*frame);
            }
            scope = current.parent;
        }
        None
    }
}
