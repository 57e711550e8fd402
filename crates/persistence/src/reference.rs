//! Reference data: administrative regions (GB/T 2260), leaders' offices and handling units.

use liuyan_domain::Domain;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::entities::{leader, region, unit};
use crate::error::StoreResult;
use crate::{Db, Page, StoreError};

/// Provinces and prefecture-level cities, derived from the `china-division` package (see the NOTICE
/// beside it and `scripts/refdata/regen.sh`).
const REGIONS_CSV: &str = include_str!("../data/regions.csv");

pub use crate::entities::leader::Model as Leader;
pub use crate::entities::region::Model as Region;
pub use crate::entities::unit::Model as Unit;

/// The offices a region's messages are addressed to, as (title, full name), by the region's name.
/// Offices, not persons: people change, the office's inbox stays.
pub fn leader_offices(region_name: &str) -> [(String, String); 2] {
    let pair = |secretary: String, head: String, sec_title: &str, head_title: &str| {
        [(sec_title.to_owned(), secretary), (head_title.to_owned(), head)]
    };
    let n = region_name;
    if let Some(stem) = n.strip_suffix('省') {
        pair(format!("{stem}省委书记"), format!("{n}省长"), "省委书记", "省长")
    } else if n.ends_with("自治区") {
        pair(format!("{n}党委书记"), format!("{n}主席"), "自治区党委书记", "自治区主席")
    } else if n.ends_with("自治州") {
        pair(format!("{n}州委书记"), format!("{n}州长"), "州委书记", "州长")
    } else if n.ends_with("地区") {
        pair(format!("{n}地委书记"), format!("{n}行署专员"), "地委书记", "行署专员")
    } else if n.ends_with('盟') {
        pair(format!("{n}盟委书记"), format!("{n}盟长"), "盟委书记", "盟长")
    } else {
        pair(format!("{n}委书记"), format!("{n}市长"), "市委书记", "市长")
    }
}

/// A demo set of handling units every region gets: (name for a province, name for a city, domains).
const DEMO_UNITS: &[(&str, &str, &[Domain])] = &[
    ("住房和城乡建设厅", "住房和城乡建设局", &[Domain::UrbanConstruction]),
    ("教育厅", "教育局", &[Domain::Education]),
    (
        "人力资源和社会保障厅",
        "人力资源和社会保障局",
        &[Domain::Employment, Domain::LabourWages, Domain::SocialSecurity],
    ),
    ("交通运输厅", "交通运输局", &[Domain::Transport]),
    ("生态环境厅", "生态环境局", &[Domain::Environment]),
    ("卫生健康委员会", "卫生健康委员会", &[Domain::Health]),
    ("公安厅", "公安局", &[Domain::PublicSecurity]),
    ("农业农村厅", "农业农村局", &[Domain::AgricultureRural]),
    ("市场监督管理局", "市场监督管理局", &[Domain::BusinessEnvironment, Domain::UnpaidBills, Domain::Permits]),
    ("文化和旅游厅", "文化和旅游局", &[Domain::CultureTourism]),
    ("民政厅", "民政局", &[Domain::CivilAffairs]),
    ("人民政府办公厅", "人民政府办公室", &[Domain::Other]),
];

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub regions: usize,
    pub leaders: usize,
    pub units: usize,
}

/// Loads the reference data once; does nothing when regions already exist.
pub async fn seed(db: &Db) -> StoreResult<SeedReport> {
    let txn = db.begin_write().await?;
    crate::handling::seed_defaults(&txn).await?;
    crate::campaigns::seed_topics(&txn, db.now()).await?;
    if region::Entity::find().count(&txn).await? > 0 {
        txn.commit().await?;
        return Ok(SeedReport::default());
    }
    let mut regions = Vec::new();
    for (i, line) in REGIONS_CSV.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let [code, name, parent, level] = cols[..] else {
            panic!("regions.csv line {} is malformed", i + 1); // committed data, checked by a test
        };
        regions.push(region::Model {
            code: code.to_owned(),
            name: name.to_owned(),
            parent_code: (!parent.is_empty()).then(|| parent.to_owned()),
            level: level.to_owned(),
        });
    }
    let mut report = SeedReport { regions: regions.len(), ..Default::default() };
    insert_chunked(
        &txn,
        regions.iter().map(|r| region::ActiveModel {
            code: Set(r.code.clone()),
            name: Set(r.name.clone()),
            parent_code: Set(r.parent_code.clone()),
            level: Set(r.level.clone()),
        }),
    )
    .await?;

    let leaders = regions.iter().flat_map(|r| {
        leader_offices(&r.name).into_iter().enumerate().map(|(i, (title, name))| leader::ActiveModel {
            region_code: Set(r.code.clone()),
            title: Set(title),
            name: Set(name),
            sort_order: Set(i as i32),
            ..Default::default()
        })
    });
    report.leaders = insert_chunked(&txn, leaders).await?;

    let units = regions.iter().flat_map(|r| {
        DEMO_UNITS.iter().map(|(province_name, city_name, domains)| {
            let suffix = if r.level == "province" && !r.name.ends_with('市') { province_name } else { city_name };
            unit::ActiveModel {
                region_code: Set(r.code.clone()),
                name: Set(format!("{}{}", r.name, suffix)),
                parent_id: Set(None),
                domains: Set(domains.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(",")),
                ..Default::default()
            }
        })
    });
    report.units = insert_chunked(&txn, units).await?;
    txn.commit().await?;
    Ok(report)
}

pub(crate) async fn insert_chunked<A, C>(conn: &C, rows: impl Iterator<Item = A>) -> StoreResult<usize>
where
    A: sea_orm::ActiveModelTrait + Send,
    C: ConnectionTrait,
{
    let rows: Vec<A> = rows.collect();
    let n = rows.len();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(500).collect();
        <A::Entity as EntityTrait>::insert_many(chunk).exec_without_returning(conn).await?;
    }
    Ok(n)
}

pub async fn list_regions(db: &Db, parent: Option<&str>, level: Option<&str>) -> StoreResult<Vec<Region>> {
    let mut q = region::Entity::find().order_by_asc(region::Column::Code);
    if let Some(parent) = parent {
        q = q.filter(region::Column::ParentCode.eq(parent));
    }
    if let Some(level) = level {
        q = q.filter(region::Column::Level.eq(level));
    }
    Ok(q.all(&db.read).await?)
}

pub async fn get_region(conn: &impl ConnectionTrait, code: &str) -> StoreResult<Region> {
    region::Entity::find_by_id(code.to_owned()).one(conn).await?.ok_or(StoreError::NotFound("region"))
}

pub async fn list_leaders(db: &Db, region: Option<&str>) -> StoreResult<Vec<Leader>> {
    let mut q = leader::Entity::find().order_by_asc(leader::Column::RegionCode).order_by_asc(leader::Column::SortOrder);
    if let Some(region) = region {
        q = q.filter(leader::Column::RegionCode.eq(region));
    }
    Ok(q.all(&db.read).await?)
}

pub async fn get_leader(conn: &impl ConnectionTrait, id: i64) -> StoreResult<Leader> {
    leader::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("leader"))
}

#[derive(Debug, Default, Clone)]
pub struct UnitFilter {
    pub region: Option<String>,
    pub domain: Option<Domain>,
    /// Part of the unit's name.
    pub name: Option<String>,
}

pub async fn list_units(db: &Db, filter: &UnitFilter, after: Option<i64>, limit: u64) -> StoreResult<Page<Unit>> {
    let mut q = unit::Entity::find().order_by_asc(unit::Column::Id);
    if let Some(region) = &filter.region {
        q = q.filter(unit::Column::RegionCode.eq(region.as_str()));
    }
    if let Some(domain) = filter.domain {
        // `domains` is a short comma list: match a whole code at the start, middle, end, or alone.
        let d = domain.as_str();
        q = q.filter(
            sea_orm::Condition::any()
                .add(unit::Column::Domains.eq(d))
                .add(unit::Column::Domains.starts_with(format!("{d},")))
                .add(unit::Column::Domains.ends_with(format!(",{d}")))
                .add(unit::Column::Domains.contains(format!(",{d},"))),
        );
    }
    if let Some(name) = &filter.name {
        q = q.filter(unit::Column::Name.contains(name.as_str()));
    }
    if let Some(after) = after {
        q = q.filter(unit::Column::Id.gt(after));
    }
    let mut items = q.limit(limit + 1).all(&db.read).await?;
    let next_after = if items.len() as u64 > limit {
        items.truncate(limit as usize);
        items.last().map(|u| u.id)
    } else {
        None
    };
    Ok(Page { items, next_after })
}

pub async fn get_unit(conn: &impl ConnectionTrait, id: i64) -> StoreResult<Unit> {
    unit::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("unit"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_file_has_31_provinces_and_their_cities() {
        let rows: Vec<Vec<&str>> = REGIONS_CSV.lines().skip(1).map(|l| l.split(',').collect()).collect();
        assert!(rows.iter().all(|r| r.len() == 4 && r[0].len() == 6));
        assert_eq!(rows.iter().filter(|r| r[3] == "province").count(), 31);
        assert!(rows.iter().filter(|r| r[3] == "city").count() > 300);
        assert!(rows.iter().any(|r| r[0] == "440100" && r[1] == "广州市" && r[2] == "440000"));
    }

    #[test]
    fn leader_office_names() {
        assert_eq!(leader_offices("广东省")[0].1, "广东省委书记");
        assert_eq!(leader_offices("广东省")[1].1, "广东省省长");
        assert_eq!(leader_offices("北京市")[1].1, "北京市市长");
        assert_eq!(leader_offices("广西壮族自治区")[1].1, "广西壮族自治区主席");
        assert_eq!(leader_offices("延边朝鲜族自治州")[1].0, "州长");
    }
}

// ---------- administration ----------

pub async fn create_region(db: &Db, code: &str, name: &str, parent_code: Option<&str>) -> StoreResult<Region> {
    let txn = db.begin_write().await?;
    let level = match parent_code {
        Some(parent) => {
            let p = get_region(&txn, parent)
                .await
                .map_err(|_| StoreError::invalid("parent_code", "unknown", "no such parent region"))?;
            if p.level == "province" { "city" } else { "county" }
        }
        None => "province",
    };
    if region::Entity::find_by_id(code.to_owned()).one(&txn).await?.is_some() {
        return Err(StoreError::conflict("region_exists", "a region with this code exists"));
    }
    let r = region::ActiveModel {
        code: Set(code.to_owned()),
        name: Set(name.to_owned()),
        parent_code: Set(parent_code.map(str::to_owned)),
        level: Set(level.to_owned()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(r)
}

pub async fn rename_region(db: &Db, code: &str, name: &str) -> StoreResult<Region> {
    let r = get_region(&db.write, code).await?;
    let mut am = r.into_active_model();
    am.name = Set(name.to_owned());
    Ok(am.update(&db.write).await?)
}

pub async fn create_leader(db: &Db, region_code: &str, title: &str, name: &str) -> StoreResult<Leader> {
    let txn = db.begin_write().await?;
    get_region(&txn, region_code).await.map_err(|_| StoreError::invalid("region_code", "unknown", "no such region"))?;
    let count = leader::Entity::find().filter(leader::Column::RegionCode.eq(region_code)).count(&txn).await?;
    let l = leader::ActiveModel {
        region_code: Set(region_code.to_owned()),
        title: Set(title.to_owned()),
        name: Set(name.to_owned()),
        sort_order: Set(count as i32),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(l)
}

pub async fn update_leader(db: &Db, id: i64, title: Option<String>, name: Option<String>) -> StoreResult<Leader> {
    let l = get_leader(&db.write, id).await?;
    let mut am = l.into_active_model();
    if let Some(t) = title {
        am.title = Set(t);
    }
    if let Some(n) = name {
        am.name = Set(n);
    }
    Ok(am.update(&db.write).await?)
}

#[derive(Debug, Clone, Default)]
pub struct UnitChanges {
    pub name: Option<String>,
    /// `Some(None)` makes it a top-level unit.
    pub parent_id: Option<Option<i64>>,
    pub domains: Option<Vec<Domain>>,
}

pub async fn create_unit(
    db: &Db,
    region_code: &str,
    name: &str,
    parent_id: Option<i64>,
    domains: &[Domain],
) -> StoreResult<Unit> {
    let txn = db.begin_write().await?;
    get_region(&txn, region_code).await.map_err(|_| StoreError::invalid("region_code", "unknown", "no such region"))?;
    if let Some(parent) = parent_id {
        get_unit(&txn, parent).await.map_err(|_| StoreError::invalid("parent_id", "unknown", "no such parent unit"))?;
    }
    let u = unit::ActiveModel {
        region_code: Set(region_code.to_owned()),
        name: Set(name.to_owned()),
        parent_id: Set(parent_id),
        domains: Set(domains.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(",")),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| crate::error::unique_violation(e, "unit_exists", "this region already has a unit of that name"))?;
    txn.commit().await?;
    Ok(u)
}

pub async fn update_unit(db: &Db, id: i64, changes: UnitChanges) -> StoreResult<Unit> {
    let txn = db.begin_write().await?;
    let u = get_unit(&txn, id).await?;
    if let Some(Some(parent)) = changes.parent_id {
        // Walk up from the new parent: reaching this unit would make a cycle.
        let mut cursor = Some(parent);
        while let Some(current) = cursor {
            if current == id {
                return Err(StoreError::invalid("parent_id", "cycle", "a unit cannot sit under itself"));
            }
            cursor = get_unit(&txn, current)
                .await
                .map_err(|_| StoreError::invalid("parent_id", "unknown", "no such parent unit"))?
                .parent_id;
        }
    }
    let mut am = u.into_active_model();
    if let Some(name) = changes.name {
        am.name = Set(name);
    }
    if let Some(parent) = changes.parent_id {
        am.parent_id = Set(parent);
    }
    if let Some(domains) = changes.domains {
        am.domains = Set(domains.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(","));
    }
    let saved = am
        .update(&txn)
        .await
        .map_err(|e| crate::error::unique_violation(e, "unit_exists", "this region already has a unit of that name"))?;
    txn.commit().await?;
    Ok(saved)
}
