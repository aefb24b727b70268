package example.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.planexec.langchain4j.PlanexecSpec;
import io.planexec.model.LatencyClass;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's tools, ordinary LangChain4j {@code @Tool} methods; {@link PlanexecSpec} says what each touches, so that
 * planexec runs the weather lookups at once and a booking's check after the booking.
 */
public final class TripTools {

    private final Map<String, String> bookings = new ConcurrentHashMap<>();

    @Tool("The weather forecast for a city")
    @PlanexecSpec(
            reads = {},
            writes = {},
            idempotent = true,
            latencyClass = LatencyClass.SLOW)
    public String forecast(@P("the city") String city) throws InterruptedException {
        Thread.sleep(500); // a slow API
        return "Sunny in " + city + ", 21°C";
    }

    @Tool("Books a hotel room in a city for a traveller")
    @PlanexecSpec(writes = "booking:{traveller}", latencyClass = LatencyClass.FAST)
    public String bookHotel(@P("the traveller's name") String traveller, @P("the city") String city) {
        bookings.put(traveller, city);
        return "Booked a room in " + city + " for " + traveller;
    }

    @Tool("Shows a traveller's booking")
    @PlanexecSpec(reads = "booking:{traveller}", idempotent = true, latencyClass = LatencyClass.FAST)
    public String showBooking(@P("the traveller's name") String traveller) {
        String city = bookings.get(traveller);
        return city == null ? traveller + " has no booking" : traveller + " is booked in " + city;
    }
}
