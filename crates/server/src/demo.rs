//! `liuyan seed --demo`: accounts for every role and a few messages at different steps, so a new
//! installation can be tried at once. Runs through the same services as the API.

use liuyan_domain::{Action, Domain, MessageType, Role, Satisfaction};
use liuyan_persistence::Db;
use liuyan_persistence::accounts::{self, NewAccount};
use liuyan_persistence::messages::{self, NewMessage, NewRating};
use liuyan_persistence::reference::{self, UnitFilter};

pub const DEMO_PASSWORD: &str = "demo-pass-2026";

pub async fn seed_demo(db: &Db) -> anyhow::Result<String> {
    if accounts::find_by_login(db, "moderator").await?.is_some() {
        return Ok("demo data already present".into());
    }
    let hash = crate::hash_password_blocking(DEMO_PASSWORD)?;
    let governor = reference::list_leaders(db, Some("440000")).await?.into_iter().find(|l| l.title == "省长");
    let governor = governor.ok_or_else(|| anyhow::anyhow!("reference data is missing 广东省省长"))?;
    let units =
        reference::list_units(db, &UnitFilter { region: Some("440100".into()), ..Default::default() }, None, 100)
            .await?;
    let housing =
        units.items.iter().find(|u| u.name.contains("住房")).ok_or_else(|| anyhow::anyhow!("no demo unit"))?;
    let transport =
        units.items.iter().find(|u| u.name.contains("交通")).ok_or_else(|| anyhow::anyhow!("no demo unit"))?;

    let account =
        |role: Role, username: &str, name: &str, phone: Option<&str>, unit_id: Option<i64>, leader_id: Option<i64>| {
            NewAccount {
                role,
                display_name: name.into(),
                username: (!role.is_writer()).then(|| username.into()),
                phone: phone.map(Into::into),
                email: None,
                enterprise_name: None,
                uscc: None,
                password_hash: hash.clone(),
                unit_id,
                leader_id,
                can_run_campaigns: role == Role::UnitStaff,
            }
        };
    accounts::create(db, account(Role::Admin, "admin", "管理员", None, None, None)).await?;
    let moderator =
        accounts::create(db, account(Role::Moderator, "moderator", "平台审核员", None, None, None)).await?.actor();
    let office = accounts::create(
        db,
        account(Role::LeaderOffice, "gd-governor", "广东省省长办公室", None, None, Some(governor.id)),
    )
    .await?
    .actor();
    let staff = accounts::create(
        db,
        account(Role::UnitStaff, "gz-housing", "广州市住建局办理员", None, Some(housing.id), None),
    )
    .await?
    .actor();
    accounts::create(
        db,
        account(Role::UnitStaff, "gz-transport", "广州市交通局办理员", None, Some(transport.id), None),
    )
    .await?;
    let citizen =
        accounts::create(db, account(Role::Citizen, "", "网友小林", Some("13800000001"), None, None)).await?.actor();

    let write = |title: &str, body: &str, domain: Domain| NewMessage {
        leader_id: governor.id,
        region_code: "440100".into(),
        message_type: MessageType::HelpRequest,
        domain,
        title: title.into(),
        body: body.into(),
        is_public: true,
        topic_id: None,
    };
    let (m1, _) = messages::create(
        db,
        &citizen,
        write(
            "小区旁工地夜间施工噪音扰民",
            "每天晚上十一点后仍在打桩，噪音很大，影响休息，请相关部门核查处理。",
            Domain::UrbanConstruction,
        ),
        None,
    )
    .await?;
    let id1 = m1.record.message.id;
    messages::accept(db, &moderator, id1, None, None).await?;
    messages::route(db, &office, id1, Action::Assign, housing.id, Some("请住建局核实并限期处理".into()), None).await?;
    let reply =
        messages::write_reply(db, &staff, id1, "经核查，该工地已责令停止夜间施工，并纳入重点巡查。".into(), true)
            .await?;
    messages::review_reply(db, &moderator, reply.id, true, None).await?;
    messages::rate(
        db,
        &citizen,
        id1,
        NewRating {
            satisfaction: Satisfaction::Satisfied,
            speed: 5,
            attitude: 5,
            result: 5,
            comment: "处理及时，谢谢！".into(),
        },
    )
    .await?;

    let (m2, _) =
        messages::create(db, &citizen, write("公交线路调整建议", "建议增加早高峰班次。", Domain::Transport), None)
            .await?;
    messages::accept(db, &moderator, m2.record.message.id, None, None).await?;
    messages::route(db, &office, m2.record.message.id, Action::Assign, housing.id, None, None).await?;

    messages::create(
        db,
        &citizen,
        write("学校周边交通安全", "上下学时段车辆拥堵，希望增设护学岗。", Domain::Education),
        None,
    )
    .await?;
    Ok(format!(
        "demo accounts (password {DEMO_PASSWORD}): admin, moderator, gd-governor, gz-housing, gz-transport, citizen 13800000001; 3 messages"
    ))
}
