//! Editing the fixture by JSON path (`lines[0].vatRate`), as the rule tests describe each case.

use serde_json::Value;

fn pointer(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push('/');
            out.push_str(key);
        }
        for index in rest.split('[').filter(|s| !s.is_empty()) {
            out.push('/');
            out.push_str(index.trim_end_matches(']'));
        }
    }
    out
}

/// Sets the value at `path`, creating the last key of an object.
pub fn set(data: &mut Value, path: &str, value: Value) {
    let pointer = pointer(path);
    let (parent, key) = pointer.rsplit_once('/').expect("path with a key");
    let parent = if parent.is_empty() { &mut *data } else { data.pointer_mut(parent).expect("parent exists") };
    match parent {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().expect("index")] = value,
        _ => panic!("{path}: parent is not a container"),
    }
}

/// Removes the key at `path`.
pub fn del(data: &mut Value, path: &str) {
    let pointer = pointer(path);
    let (parent, key) = pointer.rsplit_once('/').expect("path with a key");
    let parent = if parent.is_empty() { &mut *data } else { data.pointer_mut(parent).expect("parent exists") };
    parent.as_object_mut().expect("object").remove(key).unwrap_or_else(|| panic!("{path} was not there"));
}
