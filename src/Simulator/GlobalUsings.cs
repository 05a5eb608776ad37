global using Microsoft.Extensions.Options;
global using System.ComponentModel.DataAnnotations;
global using Tchek.Events.Simulator.Faults;
global using Tchek.Events.Simulator.Lifecycles;
global using Tchek.Events.Simulator.Tokens;
