//! The reader's calls do not grow with the rest of the account (issue "Part 10", item 1):
//! the retail store's read in an account crowded with 100 foreign target groups, 10 load
//! balancers, 3 Cloud Map namespaces and 30 autoscaled services of another cluster (half
//! of them tagged with another stack) makes at most 1.1x the calls it makes alone, and
//! reads the same state. (The plan benchmark prints the figures for a crowd ten times
//! this size; `ECSFORM_CROWD=1000,100,300` makes this test use that crowd.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    clippy::cast_precision_loss
)]

use ecsform_aws::{Clients, read_live};
use ecsform_model::desired::desired_state;
use ecsform_plan::{Action, PlanOptions, plan};
use ecsform_testkit::bed::{Bed, root};

async fn clients_for(port: u16) -> Clients {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_ecs::config::Credentials::new(
            "testing", "testing", None, None, "test",
        ))
        .load()
        .await;
    Clients::from_config(&config)
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn the_retail_stores_read_costs_the_same_in_a_crowded_account() {
    let bed = Bed::start();
    bed.run("python3", &["tests/local-aws/retail_store.py", "create"]);
    let loaded = ecsform_spec::load_path(
        &root().join("examples/retail-store"),
        &ecsform_spec::Vars::isolated(bed.vars()),
    )
    .unwrap();
    let desired = desired_state(&loaded.stack.unwrap());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let read = || {
        runtime.block_on(async {
            let clients = clients_for(bed.port).await;
            read_live(&clients, &desired).await.unwrap()
        })
    };
    let alone = read();
    let crowd = std::env::var("ECSFORM_CROWD").unwrap_or_else(|_| "100,10,30".to_owned());
    let counts: Vec<&str> = crowd.split(',').collect();
    assert_eq!(
        counts.len(),
        3,
        "ECSFORM_CROWD=TARGET_GROUPS,LOAD_BALANCERS,SERVICES"
    );
    let mut args = vec!["tests/local-aws/crowd.py"];
    args.extend(&counts);
    bed.run("python3", &args);
    let crowded = read();
    eprintln!(
        "retail store read: {} calls alone, {} in an account crowded with {crowd} foreign target groups, load balancers, autoscaled services (bound {:.1})",
        alone.api_calls,
        crowded.api_calls,
        alone.api_calls as f64 * 1.1
    );
    assert!(
        crowded.api_calls * 10 <= alone.api_calls * 11,
        "{} calls crowded, {} alone: more than 1.1x",
        crowded.api_calls,
        alone.api_calls
    );
    // The crowd is none of the stack's: the same resources, and the same plan.
    assert_eq!(
        crowded.resources.keys().collect::<Vec<_>>(),
        alone.resources.keys().collect::<Vec<_>>()
    );
    assert!(!alone.resources.is_empty());
    let changes = |live| {
        plan(&desired, live, &PlanOptions::default())
            .unwrap()
            .changes
            .into_iter()
            .filter(|c| c.action != Action::NoOp)
            .map(|c| (c.address.to_string(), format!("{:?}", c.action)))
            .collect::<Vec<_>>()
    };
    assert_eq!(changes(&crowded), changes(&alone));
}
