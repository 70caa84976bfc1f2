//! OpenAPI documents: imported through the macro (and `Config::openapi`,
//! and `endpointgen import`), compiled here, and used.

mod keeper {
    endpointgen::generate!(openapi = "../api-spec/openapi/keeper.json");
}

mod buildomat {
    endpointgen::generate!(openapi = "../api-spec/openapi/buildomat.json");
}

mod propolis {
    endpointgen::generate!(openapi = "../api-spec/openapi/propolis-server.json");
}

mod nexus {
    endpointgen::generate!(openapi = "../api-spec/openapi/nexus.json");
}
