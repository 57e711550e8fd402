use serde::{Deserialize, Serialize};

/// What an account is allowed to be in the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A person (个人) who writes messages and rates replies.
    Citizen,
    /// A company (企业), identified by its unified social credit code.
    Enterprise,
    /// Staff of one handling unit (办理单位).
    UnitStaff,
    /// The office that works for one leader (领导).
    LeaderOffice,
    /// Platform moderation (平台审核): screening and reply review.
    Moderator,
    /// Manages reference data and staff accounts.
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Citizen, Role::Enterprise, Role::UnitStaff, Role::LeaderOffice, Role::Moderator, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Enterprise => "enterprise",
            Role::UnitStaff => "unit_staff",
            Role::LeaderOffice => "leader_office",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Citizens and enterprises write messages; everyone else works on them.
    pub fn is_writer(self) -> bool {
        matches!(self, Role::Citizen | Role::Enterprise)
    }

    /// Platform-wide roles that see and act on every message.
    pub fn is_platform(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }

    /// Staff accounts are created by an admin, never by self-registration.
    pub fn is_staff(self) -> bool {
        !self.is_writer()
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who is acting: an authenticated account with its role and the unit or leader it is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub account_id: i64,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub leader_id: Option<i64>,
}

impl Actor {
    pub fn new(account_id: i64, role: Role) -> Self {
        Actor { account_id, role, unit_id: None, leader_id: None }
    }

    pub fn of_unit(account_id: i64, unit_id: i64) -> Self {
        Actor { unit_id: Some(unit_id), ..Actor::new(account_id, Role::UnitStaff) }
    }

    pub fn of_leader(account_id: i64, leader_id: i64) -> Self {
        Actor { leader_id: Some(leader_id), ..Actor::new(account_id, Role::LeaderOffice) }
    }
}

/// What a staff account must be bound to, by role: unit staff to a unit, a leader office to a leader.
pub fn binding_is_valid(role: Role, unit_id: Option<i64>, leader_id: Option<i64>) -> bool {
    match role {
        Role::UnitStaff => unit_id.is_some() && leader_id.is_none(),
        Role::LeaderOffice => leader_id.is_some() && unit_id.is_none(),
        _ => unit_id.is_none() && leader_id.is_none(),
    }
}

/// What self-registration needs, as (field, reason) when something is missing: only writers register
/// themselves; a citizen gives a phone or an e-mail; an enterprise gives its name and credit code.
pub fn check_registration(
    role: Role,
    has_phone: bool,
    has_email: bool,
    has_enterprise_name: bool,
    has_uscc: bool,
) -> Result<(), (&'static str, &'static str)> {
    match role {
        Role::Citizen if !(has_phone || has_email) => Err(("phone", "required")),
        Role::Citizen => Ok(()),
        Role::Enterprise if !has_enterprise_name => Err(("enterprise_name", "required")),
        Role::Enterprise if !has_uscc => Err(("uscc", "required")),
        Role::Enterprise => Ok(()),
        _ => Err(("role", "not_self_service")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn registration_needs() {
        assert_eq!(check_registration(Role::Citizen, true, false, false, false), Ok(()));
        assert_eq!(check_registration(Role::Citizen, false, true, false, false), Ok(()));
        assert_eq!(check_registration(Role::Citizen, false, false, false, false), Err(("phone", "required")));
        assert_eq!(check_registration(Role::Enterprise, false, false, true, true), Ok(()));
        assert_eq!(
            check_registration(Role::Enterprise, true, false, false, true),
            Err(("enterprise_name", "required"))
        );
        assert_eq!(check_registration(Role::Enterprise, true, false, true, false), Err(("uscc", "required")));
        for staff in [Role::UnitStaff, Role::LeaderOffice, Role::Moderator, Role::Admin] {
            assert_eq!(check_registration(staff, true, true, true, true), Err(("role", "not_self_service")));
        }
    }

    #[test]
    fn bindings() {
        assert!(binding_is_valid(Role::UnitStaff, Some(1), None));
        assert!(!binding_is_valid(Role::UnitStaff, None, None));
        assert!(!binding_is_valid(Role::UnitStaff, Some(1), Some(2)));
        assert!(binding_is_valid(Role::LeaderOffice, None, Some(2)));
        assert!(!binding_is_valid(Role::LeaderOffice, Some(1), None));
        assert!(binding_is_valid(Role::Moderator, None, None));
        assert!(!binding_is_valid(Role::Citizen, Some(1), None));
    }
}
