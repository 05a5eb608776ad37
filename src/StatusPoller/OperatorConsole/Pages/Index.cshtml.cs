using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages;

/// <summary>The overview (<c>/console</c>): the pipeline's figures. A placeholder until the overview lands.</summary>
internal sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
