//! Task-level CPU and memory as ECS accepts them: `1024` or `"1 vCPU"`, `2048` or
//! `"2 GB"`; and the combinations Fargate allows.

/// CPU units (1024 per vCPU) from `"1024"`, `"1 vCPU"`, `"0.25 vcpu"`.
///
/// # Errors
/// A message saying what is accepted.
pub fn cpu_units(s: &str) -> Result<u32, String> {
    parse_with_unit(
        s,
        &[("vcpu", 1024.0)],
        "CPU units such as `1024`, or vCPUs such as `1 vCPU`",
    )
}

/// MiB from `"2048"`, `"2 GB"`, `"2GB"`, `"0.5 GB"`.
///
/// # Errors
/// A message saying what is accepted.
pub fn memory_mib(s: &str) -> Result<u32, String> {
    parse_with_unit(
        s,
        &[("gb", 1024.0), ("gib", 1024.0), ("mib", 1.0), ("mb", 1.0)],
        "MiB such as `2048`, or GB such as `2 GB`",
    )
}

fn parse_with_unit(s: &str, units: &[(&str, f64)], accepted: &str) -> Result<u32, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let (number, factor) = units
        .iter()
        .find_map(|(u, f)| lower.strip_suffix(u).map(|n| (n.trim(), *f)))
        .unwrap_or((lower.as_str(), 1.0));
    let bad = || format!("`{s}` is not a valid amount: expected {accepted}");
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(bad());
    }
    let value: f64 = number.parse().map_err(|_| bad())?;
    let scaled = value * factor;
    if scaled.fract() != 0.0 || scaled <= 0.0 || scaled > f64::from(u32::MAX) {
        return Err(bad());
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(scaled as u32)
}

/// The memory sizes (MiB) Fargate allows for a task CPU size, or `None` for a CPU size
/// Fargate does not offer.
#[must_use]
pub fn fargate_memory_options(cpu: u32) -> Option<Vec<u32>> {
    let (from, to, step) = match cpu {
        256 => return Some(vec![512, 1024, 2048]),
        512 => (1024, 4096, 1024),
        1024 => (2048, 8192, 1024),
        2048 => (4096, 16384, 1024),
        4096 => (8192, 30720, 1024),
        8192 => (16384, 61440, 4096),
        16384 => (32768, 122_880, 8192),
        _ => return None,
    };
    Some((from..=to).step_by(step).collect())
}

/// The CPU sizes Fargate offers.
pub const FARGATE_CPU: [u32; 7] = [256, 512, 1024, 2048, 4096, 8192, 16384];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_forms() {
        assert_eq!(cpu_units("1024"), Ok(1024));
        assert_eq!(cpu_units("1 vCPU"), Ok(1024));
        assert_eq!(cpu_units("0.25 vcpu"), Ok(256));
        assert_eq!(cpu_units("2vCPU"), Ok(2048));
        assert!(cpu_units("1.1 vCPU").is_err());
        assert!(cpu_units("lots").is_err());
        assert!(cpu_units("-1").is_err());
        assert!(cpu_units("").is_err());
    }

    #[test]
    fn memory_forms() {
        assert_eq!(memory_mib("2048"), Ok(2048));
        assert_eq!(memory_mib("2 GB"), Ok(2048));
        assert_eq!(memory_mib("2GB"), Ok(2048));
        assert_eq!(memory_mib("0.5 GB"), Ok(512));
        assert_eq!(memory_mib("512 MiB"), Ok(512));
        assert!(memory_mib("2 TB").is_err());
    }

    #[test]
    fn fargate_table() {
        assert_eq!(fargate_memory_options(256), Some(vec![512, 1024, 2048]));
        assert!(
            fargate_memory_options(1024).is_some_and(|m| m.contains(&2048) && !m.contains(&1024))
        );
        assert!(
            fargate_memory_options(8192).is_some_and(|m| m.contains(&20480) && !m.contains(&17408))
        );
        assert_eq!(fargate_memory_options(300), None);
    }
}
