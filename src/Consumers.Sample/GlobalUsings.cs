global using Npgsql;
global using Tchek.Events.Contracts;
global using Tchek.Events.ServiceDefaults;
