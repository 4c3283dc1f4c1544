//! Orders a plan's changes so that every change comes after what it waits for; ties go
//! by kind (create order; deletes in reverse) and then by name, so the same inputs always
//! give the same order. A cycle is reported, starting from its smallest address.

use std::collections::{BTreeMap, BTreeSet};

use ecsform_model::{Address, Kind};

use crate::plan::{Action, Plan, PlanError};

/// The sort key among changes that are ready at the same time.
fn key(address: &Address, action: &Action) -> (usize, usize, String) {
    let rank = Kind::ALL
        .iter()
        .position(|k| *k == address.kind)
        .unwrap_or(0);
    match action {
        Action::Delete => (1, Kind::ALL.len() - rank, address.name.clone()),
        _ => (0, rank, address.name.clone()),
    }
}

pub(crate) fn order(plan: &mut Plan) -> Result<(), PlanError> {
    let index: BTreeMap<Address, usize> = plan
        .changes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.address.clone(), i))
        .collect();
    let n = plan.changes.len();
    let mut waits_for: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let mut unblocks: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for (dependent, dependency) in &plan.edges {
        if let (Some(&a), Some(&b)) = (index.get(dependent), index.get(dependency)) {
            waits_for[a].insert(b);
            unblocks[b].insert(a);
        }
    }
    let keys: Vec<(usize, usize, String)> = plan
        .changes
        .iter()
        .map(|c| key(&c.address, &c.action))
        .collect();
    let mut ready: BTreeSet<((usize, usize, String), usize)> = (0..n)
        .filter(|i| waits_for[*i].is_empty())
        .map(|i| (keys[i].clone(), i))
        .collect();
    let mut pending: Vec<usize> = waits_for.iter().map(BTreeSet::len).collect();
    let mut sorted = Vec::with_capacity(n);
    while let Some(first) = ready.iter().next().cloned() {
        ready.remove(&first);
        let i = first.1;
        sorted.push(i);
        for &j in &unblocks[i] {
            pending[j] -= 1;
            if pending[j] == 0 {
                ready.insert((keys[j].clone(), j));
            }
        }
    }
    if sorted.len() < n {
        let left: BTreeSet<usize> = (0..n).filter(|i| pending[*i] > 0).collect();
        return Err(PlanError::Cycle {
            cycle: find_cycle(plan, &left, &waits_for),
        });
    }
    let mut slots: Vec<Option<crate::plan::Change>> = std::mem::take(&mut plan.changes)
        .into_iter()
        .map(Some)
        .collect();
    plan.changes = sorted.into_iter().filter_map(|i| slots[i].take()).collect();
    Ok(())
}

/// Follows the smallest remaining dependency from the smallest remaining change until a
/// change repeats.
fn find_cycle(plan: &Plan, left: &BTreeSet<usize>, waits_for: &[BTreeSet<usize>]) -> Vec<Address> {
    let by_address = |i: &usize| plan.changes[*i].address.clone();
    let Some(start) = left.iter().min_by_key(|i| by_address(i)) else {
        return Vec::new();
    };
    let mut path: Vec<usize> = vec![*start];
    let mut current = *start;
    while let Some(next) = waits_for[current]
        .iter()
        .filter(|j| left.contains(j))
        .min_by_key(|j| by_address(j))
    {
        if let Some(pos) = path.iter().position(|p| p == next) {
            let mut cycle: Vec<Address> = path[pos..].iter().map(by_address).collect();
            // Start from the smallest address, close the circle.
            let min = cycle
                .iter()
                .enumerate()
                .min_by_key(|(_, a)| (*a).clone())
                .map_or(0, |(i, _)| i);
            cycle.rotate_left(min);
            if let Some(first) = cycle.first().cloned() {
                cycle.push(first);
            }
            return cycle;
        }
        path.push(*next);
        current = *next;
    }
    path.iter().map(by_address).collect()
}
