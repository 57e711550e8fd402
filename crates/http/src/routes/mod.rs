//! Every route of the API, registered in one table so the OpenAPI document and the server never differ.

pub mod accounts;
pub mod admin;
pub mod campaigns;
pub mod cases;
pub mod exports;
pub mod handling;
pub mod messages;
pub mod ops;
pub mod reference;
pub mod replies;
pub mod stats;
pub mod webhooks;

use utoipa_actix_web::service_config::ServiceConfig;

/// The `/api/v1` routes.
pub fn api(cfg: &mut ServiceConfig) {
    cfg.service(accounts::register)
        .service(accounts::login)
        .service(accounts::refresh)
        .service(accounts::logout)
        .service(accounts::me)
        .service(accounts::update_me)
        .service(accounts::create_account)
        .service(accounts::list_accounts)
        .service(accounts::update_account)
        .service(reference::list_regions)
        .service(reference::get_region)
        .service(reference::list_leaders)
        .service(reference::get_leader)
        .service(reference::list_units)
        .service(reference::get_unit)
        .service(messages::summary)
        .service(exports::messages_csv)
        .service(exports::messages_xlsx)
        .service(stats::stats_summary)
        .service(stats::trend)
        .service(stats::hot_words)
        .service(cases::list_cases)
        .service(cases::feature_case)
        .service(cases::unfeature_case)
        .service(stats::breakdown)
        .service(stats::leader_monthly_csv)
        .service(stats::leader_monthly)
        .service(messages::create_message)
        .service(messages::list_messages)
        .service(messages::search_messages)
        .service(messages::similar_messages)
        .service(messages::my_messages)
        .service(messages::inbox)
        .service(messages::get_message)
        .service(messages::accept)
        .service(messages::reject)
        .service(messages::assign)
        .service(messages::transfer)
        .service(messages::rate)
        .service(replies::write_reply)
        .service(replies::get_reply)
        .service(replies::update_reply)
        .service(replies::approve_reply)
        .service(replies::return_reply)
        .service(handling::ask_follow_up)
        .service(handling::answer_follow_up)
        .service(handling::create_joint_reply)
        .service(handling::list_joint_replies)
        .service(handling::get_joint_reply)
        .service(handling::approve_joint_reply)
        .service(handling::return_joint_reply)
        .service(handling::list_supervisions)
        .service(handling::respond_supervision)
        .service(handling::close_supervision)
        .service(handling::read_all_notifications)
        .service(handling::my_notifications)
        .service(handling::read_notification)
        .configure(admin::routes)
        .service(webhooks::create_webhook)
        .service(webhooks::list_webhooks)
        .service(webhooks::update_webhook)
        .service(webhooks::list_deliveries)
        .service(webhooks::redeliver)
        .service(campaigns::list_topics)
        .service(campaigns::create_topic)
        .service(campaigns::get_topic)
        .service(campaigns::update_topic)
        .service(campaigns::create_campaign)
        .service(campaigns::list_campaigns)
        .service(campaigns::get_campaign)
        .service(campaigns::update_campaign)
        .service(campaigns::open_campaign)
        .service(campaigns::close_campaign)
        .service(campaigns::publish_results)
        .service(campaigns::campaign_report)
        .service(campaigns::submit_suggestion)
        .service(campaigns::campaign_suggestions)
        .service(campaigns::work_suggestions)
        .service(campaigns::get_suggestion)
        .service(campaigns::accept_suggestion)
        .service(campaigns::reject_suggestion)
        .service(campaigns::review_suggestion)
        .service(campaigns::support_suggestion)
        .service(campaigns::withdraw_support);
}
