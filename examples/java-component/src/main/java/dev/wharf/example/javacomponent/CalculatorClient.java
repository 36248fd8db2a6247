package dev.wharf.example.javacomponent;

import dev.wharf.api.WasmComponent;
import java.lang.System.Logger.Level;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Uses a WebAssembly component from Java through its {@link WasmComponent} service: Declarative
 * Services activates this component once the {@code calculator} example is ready and deactivates
 * it when the calculator stops. An update of the calculator's bundle keeps the same service, so
 * this component is not restarted by it.
 */
@Component
public final class CalculatorClient {

    private static final System.Logger LOG = System.getLogger(CalculatorClient.class.getName());

    @Activate
    public CalculatorClient(@Reference(target = "(wharf.component.id=calculator)") WasmComponent calculator) {
        calculator.invoke("add", 2, 3).whenComplete((result, error) -> {
            if (error != null) {
                LOG.log(Level.WARNING, "calculator add(2, 3) failed: " + error.getMessage());
            } else {
                LOG.log(Level.INFO, "calculator add(2, 3) = " + result.values().get(0));
            }
        });
    }
}
