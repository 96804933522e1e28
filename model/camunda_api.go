package model

// CamundaAPI is a Camunda component that accepts M2M tokens, and the API
// client (resource server) in the realm whose roles grant access to it.
type CamundaAPI struct {
	// Name is the component as operators know it, such as "Operate".
	Name string
	// Audience is the client id of the API client. The component requires it
	// in aud, and the token's permissions claim lists its roles under it.
	Audience string
	// Unauthenticated is how the component rejects a token it does not
	// accept, and Forbidden how it rejects a call outside the token's permissions.
	Unauthenticated string
	Forbidden       string
}

// The APIs of Camunda 8 self-managed with Identity, with the audiences of
// Camunda's Helm charts and of the dev realm.
var (
	APIZeebe    = CamundaAPI{Name: "Zeebe", Audience: ZeebeAudience, Unauthenticated: "HTTP 401 or gRPC UNAUTHENTICATED", Forbidden: "HTTP 403 or gRPC PERMISSION_DENIED"}
	APIOperate  = newRESTAPI("Operate", "operate-api")
	APITasklist = newRESTAPI("Tasklist", "tasklist-api")
	APIOptimize = newRESTAPI("Optimize", "optimize-api")
	APIIdentity = newRESTAPI("Identity", "camunda-identity-resource-server")
)

func newRESTAPI(name, audience string) CamundaAPI {
	return CamundaAPI{Name: name, Audience: audience, Unauthenticated: "HTTP 401 Unauthorized", Forbidden: "HTTP 403 Forbidden"}
}

// CamundaAPIs lists the APIs in the order the diagnosis shows them.
var CamundaAPIs = []CamundaAPI{APIZeebe, APIOperate, APITasklist, APIOptimize, APIIdentity}

// CamundaRoles are the roles that each API client defines: read:* lets an
// application read, and write:* lets it change data.
var CamundaRoles = []string{"read:*", "write:*"}

// API is an API client of the realm with the roles an application can be
// granted on it, for choosing a permission to grant.
type API struct {
	ClientID string
	Name     string
	Roles    []string // sorted
}
