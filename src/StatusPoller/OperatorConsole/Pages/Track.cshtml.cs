using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages;

/// <summary>Track tokens (<c>/console/track</c>). A placeholder until the track page lands.</summary>
internal sealed class TrackModel : PageModel
{
    public void OnGet()
    {
    }
}
