//! `teams` (portal-extras.yaml): the teams of the active profile.

use generated_example::fake_portal::ids;
use generated_example::portal::CoworkerId;
use generated_example::portal::endpoints::teams;

use super::{ada, ada_as, as_ada, last};

#[tokio::test]
async fn my_follows_the_active_profile() {
    let (fake, client) = ada().await;
    assert!(client.send(teams::my()).await.unwrap().is_empty(), "the personal profile is in no team");

    let (fake_company, company) = ada_as(ids::ADA_COMPANY).await;
    let all = company.send(teams::my()).await.unwrap();
    as_ada(&last(&fake_company, "GET", "/api/public/teams/my", None));
    let administered = company.send(teams::my().only_as_admin(true)).await.unwrap();
    last(&fake_company, "GET", "/api/public/teams/my", Some("isTeamAdmin=true"));

    assert_eq!(all.len(), 2);
    assert_eq!(administered.len(), 1);
    assert_eq!(administered[0].name, "Analytical Engines");
    let admins: Vec<CoworkerId> =
        administered[0].members.iter().filter(|member| member.is_team_admin).map(|member| member.coworker_id).collect();
    assert_eq!(admins, [CoworkerId(ids::ADA_COMPANY)]);
    drop(fake);
}
