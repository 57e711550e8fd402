//! Routing rules (分办规则): on acceptance, a message goes to the unit a rule names for its region,
//! domain and (optionally) words in its text; with no rule it waits in the moderators' routing queue.

use crate::Domain;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingRule {
    pub id: i64,
    /// A city's code, or a province's code covering all its cities.
    pub region_code: String,
    pub domain: Domain,
    /// Any of these words in the title or body; empty = every message of the region and domain.
    pub keywords: Vec<String>,
    pub unit_id: i64,
}

/// The unit for a message, if a rule covers it. A rule for the message's own region beats one for its
/// province, and a rule whose keywords match beats a rule without keywords; ties go to the older rule.
pub fn route(rules: &[RoutingRule], region_code: &str, province_code: &str, domain: Domain, text: &str) -> Option<i64> {
    rules
        .iter()
        .filter(|r| r.domain == domain && (r.region_code == region_code || r.region_code == province_code))
        .filter(|r| r.keywords.is_empty() || r.keywords.iter().any(|k| !k.is_empty() && text.contains(k.as_str())))
        .min_by_key(|r| (r.region_code != region_code, r.keywords.is_empty(), r.id))
        .map(|r| r.unit_id)
}

/// Keywords as typed by an admin: comma- or space-separated (，、 too), trimmed, no empties.
pub fn parse_keywords(input: &str) -> Vec<String> {
    input
        .split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: i64, region: &str, domain: Domain, keywords: &[&str], unit: i64) -> RoutingRule {
        RoutingRule {
            id,
            region_code: region.into(),
            domain,
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            unit_id: unit,
        }
    }

    #[test]
    fn specific_rules_win() {
        let rules = vec![
            rule(1, "440000", Domain::Transport, &[], 100),
            rule(2, "440100", Domain::Transport, &[], 200),
            rule(3, "440100", Domain::Transport, &["地铁"], 300),
            rule(4, "440000", Domain::Education, &["学位"], 400),
        ];
        assert_eq!(route(&rules, "440100", "440000", Domain::Transport, "地铁站太挤"), Some(300));
        assert_eq!(route(&rules, "440100", "440000", Domain::Transport, "公交太少"), Some(200));
        assert_eq!(route(&rules, "440300", "440000", Domain::Transport, "公交太少"), Some(100));
        assert_eq!(route(&rules, "440300", "440000", Domain::Education, "学位不够"), Some(400));
        assert_eq!(route(&rules, "440300", "440000", Domain::Education, "食堂"), None);
        assert_eq!(route(&rules, "110100", "110000", Domain::Transport, "地铁"), None);
        assert_eq!(route(&[], "440100", "440000", Domain::Transport, "x"), None);
    }

    #[test]
    fn keywords_parse() {
        assert_eq!(parse_keywords(" 地铁，公交、 bus ,,"), ["地铁", "公交", "bus"]);
        assert!(parse_keywords("  ").is_empty());
    }
}
