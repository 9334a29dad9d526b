namespace Jitsi.Net.Focus.Bridges;

/// <summary>Creates the colibri2 session of a conference on a bridge. Thread-safe.</summary>
internal interface IColibriSessionFactory
{
    IColibriSession Create(Bridge bridge, string meetingId, string roomName);
}
