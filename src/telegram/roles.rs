//! Roles, bootstrapped from configuration: `ASSENT_ADMINS` (organizer and coordinator),
//! `ASSENT_ORGANIZERS`, `ASSENT_COORDINATORS`, each a comma-separated list of Telegram user ids.

use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Organizer,
    Coordinator,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Organizer => "organizer",
            Role::Coordinator => "coordinator",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Roles {
    organizers: HashSet<u64>,
    coordinators: HashSet<u64>,
}

#[derive(Debug, thiserror::Error)]
#[error("{var}: \"{value}\" is not a Telegram user id (expected digits, separated by commas)")]
pub struct RolesError {
    var: &'static str,
    value: String,
}

fn parse_ids(var: &'static str, raw: &str) -> Result<HashSet<u64>, RolesError> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse().map_err(|_| RolesError {
                var,
                value: s.to_string(),
            })
        })
        .collect()
}

impl Roles {
    pub fn from_env() -> Result<Self, RolesError> {
        let get = |var: &'static str| -> Result<HashSet<u64>, RolesError> {
            parse_ids(var, &std::env::var(var).unwrap_or_default())
        };
        let admins = get("ASSENT_ADMINS")?;
        let mut roles = Roles {
            organizers: get("ASSENT_ORGANIZERS")?,
            coordinators: get("ASSENT_COORDINATORS")?,
        };
        roles.organizers.extend(&admins);
        roles.coordinators.extend(&admins);
        Ok(roles)
    }

    pub fn admins(ids: &[u64]) -> Self {
        Roles {
            organizers: ids.iter().copied().collect(),
            coordinators: ids.iter().copied().collect(),
        }
    }

    pub fn has(&self, user: u64, role: Role) -> bool {
        match role {
            Role::Organizer => self.organizers.contains(&user),
            Role::Coordinator => self.coordinators.contains(&user),
        }
    }

    pub fn is_staff(&self, user: u64) -> bool {
        self.organizers.contains(&user) || self.coordinators.contains(&user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_and_bad_ones_are_named() {
        assert_eq!(parse_ids("X", " 1, 22 ,").unwrap(), HashSet::from([1, 22]));
        assert_eq!(
            parse_ids("X", "1,abc").unwrap_err().to_string(),
            "X: \"abc\" is not a Telegram user id (expected digits, separated by commas)"
        );
    }
}
