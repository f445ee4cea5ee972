//! Evaluation limits and the shared step/loop budget that enforces them across a whole document.

use std::cell::Cell;

use crate::ExprError;

/// Limits and environment for evaluation. `Default` gives safe values for untrusted templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalOptions {
    /// Evaluation steps allowed for everything sharing one [`EvalBudget`] (one expression node,
    /// one loop iteration or one element visited by an aggregate helper each cost a step).
    pub max_steps: u64,
    /// Largest rendered text, in bytes, of one `render` call; also caps strings built by expressions.
    pub max_output_bytes: usize,
    /// `#each` iterations allowed for everything sharing one [`EvalBudget`].
    pub max_loop_iterations: u64,
    /// The clock seen by `now()`; `None` reads the system clock (UTC).
    pub now: Option<time::OffsetDateTime>,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions { max_steps: 100_000, max_output_bytes: 1024 * 1024, max_loop_iterations: 100_000, now: None }
    }
}

/// Counters of steps and loop iterations spent so far, checked against [`EvalOptions`].
///
/// [`crate::Scope::new`] makes a fresh budget per scope tree; create one `EvalBudget` per document
/// and pass it to [`crate::Scope::with_budget`] to bound a whole document's many `render` calls.
#[derive(Debug)]
pub struct EvalBudget {
    max_steps: u64,
    max_loop_iterations: u64,
    steps: Cell<u64>,
    loop_iterations: Cell<u64>,
}

impl EvalBudget {
    /// A fresh budget with the limits of `options`.
    pub fn new(options: &EvalOptions) -> EvalBudget {
        EvalBudget {
            max_steps: options.max_steps,
            max_loop_iterations: options.max_loop_iterations,
            steps: Cell::new(0),
            loop_iterations: Cell::new(0),
        }
    }

    /// Spend `count` steps; fails with [`ExprError::StepLimit`] once the total exceeds the limit.
    pub fn charge_steps(&self, count: u64) -> Result<(), ExprError> {
        let used = self.steps.get().saturating_add(count);
        self.steps.set(used);
        if used > self.max_steps { Err(ExprError::StepLimit) } else { Ok(()) }
    }

    /// Count one loop iteration (also one step); fails with [`ExprError::LoopLimit`] past the limit.
    /// Render engines call this for their own component loops so one document shares one bound.
    pub fn charge_loop_iteration(&self) -> Result<(), ExprError> {
        let used = self.loop_iterations.get().saturating_add(1);
        self.loop_iterations.set(used);
        if used > self.max_loop_iterations {
            return Err(ExprError::LoopLimit);
        }
        self.charge_steps(1)
    }

    /// Spend one step per JSON node of `value` before it is copied, so expressions cannot
    /// multiply large data (`[items, items, …]`) beyond the budget. Stops counting at the limit.
    pub fn charge_copy(&self, value: &serde_json::Value) -> Result<(), ExprError> {
        let remaining = self.max_steps.saturating_sub(self.steps.get());
        let mut count: u64 = 0;
        let mut pending = vec![value];
        while let Some(next) = pending.pop() {
            count += 1;
            if count > remaining {
                break;
            }
            match next {
                serde_json::Value::Array(items) => pending.extend(items),
                serde_json::Value::Object(map) => pending.extend(map.values()),
                _ => {}
            }
        }
        self.charge_steps(count)
    }

    /// Steps spent so far.
    pub fn steps_used(&self) -> u64 {
        self.steps.get()
    }

    /// Loop iterations counted so far.
    pub fn loop_iterations_used(&self) -> u64 {
        self.loop_iterations.get()
    }
}
